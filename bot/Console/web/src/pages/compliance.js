import { api, meetingLabels, query } from '../api.js';
import { h, clear, empty, formatDateTime } from '../dom.js';
import { session } from '../session.js';

/** How each status is coloured; its name comes from the API. */
export const COMPLIANCE_TONE = { held: 'ok', planned: 'info', due: 'warn', overdue: 'bad' };

/** 三会一课 this month and quarter per branch, coloured by status. Admins see every branch. */
export async function compliancePage({ main }) {
  const [list, labels] = await Promise.all([api.get(`/compliance${query({ branchId: session.me.isAdmin ? '' : session.branchId })}`), meetingLabels()]);
  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '三会一课'), h('p', { class: 'sub' }, '本月、本季度应开会议的落实情况'))),
    legend(labels.complianceStatuses),
    list.length ? h('div', { class: 'compliance-grid' }, list.map(branchCard)) : empty('还没有支部。'));
}

function legend(statuses) {
  return h('p', { class: 'legend' }, statuses.map(({ value, name }) => h('span', { class: `dot ${COMPLIANCE_TONE[value] ?? ''}` }, name)));
}

function branchCard(branch) {
  const overdue = branch.items.filter((i) => i.status === 'overdue').length;
  return h('section', { class: `card compliance${overdue ? ' has-overdue' : ''}` },
    h('header', null, h('h2', null, branch.branchName), overdue ? h('span', { class: 'badge bad' }, `${overdue} 项逾期`) : h('span', { class: 'badge ok' }, '正常')),
    branch.talks ? h('p', { class: `rule-note talk-line ${branch.talks.kept ? 'ok' : 'warn'}` }, h('a', { href: '/console/talks' }, branch.talks.line)) : null,
    h('ul', { class: 'rules' }, branch.items.map((item) => {
      const label = item.statusName;
      const kind = COMPLIANCE_TONE[item.status] ?? '';
      return h('li', { class: `rule ${kind}` },
        h('div', null,
          h('strong', null, item.ruleName),
          h('small', null, item.period),
          item.reason || item.detail ? h('small', { class: 'rule-note' }, item.reason || item.detail) : null),
        h('div', { class: 'rule-status' },
          item.meetingId ? h('a', { href: `/console/meetings/${item.meetingId}`, class: `badge ${kind}` }, label) : h('span', { class: `badge ${kind}` }, label),
          item.dueBy && item.status !== 'held' ? h('small', null, item.dueByText ?? `截止 ${formatDateTime(item.dueBy).slice(0, 10)}`) : null));
    })));
}
