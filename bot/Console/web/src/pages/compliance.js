import { api, query } from '../api.js';
import { h, clear, empty, formatDateTime } from '../dom.js';
import { session } from '../session.js';

export const COMPLIANCE = {
  held: ['已召开', 'ok'],
  planned: ['已安排', 'info'],
  due: ['待召开', 'warn'],
  overdue: ['已逾期', 'bad'],
};

/** 三会一课 this month and quarter per branch, coloured by status. Admins see every branch. */
export async function compliancePage({ main }) {
  const list = await api.get(`/compliance${query({ branchId: session.me.isAdmin ? '' : session.branchId })}`);
  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '三会一课'), h('p', { class: 'sub' }, '本月、本季度应开会议的落实情况'))),
    legend(),
    list.length ? h('div', { class: 'compliance-grid' }, list.map(branchCard)) : empty('还没有支部。'));
}

function legend() {
  return h('p', { class: 'legend' }, Object.values(COMPLIANCE).map(([label, kind]) => h('span', { class: `dot ${kind}` }, label)));
}

function branchCard(branch) {
  const overdue = branch.items.filter((i) => i.status === 'overdue').length;
  return h('section', { class: `card compliance${overdue ? ' has-overdue' : ''}` },
    h('header', null, h('h2', null, branch.branchName), overdue ? h('span', { class: 'badge bad' }, `${overdue} 项逾期`) : h('span', { class: 'badge ok' }, '正常')),
    h('ul', { class: 'rules' }, branch.items.map((item) => {
      const [label, kind] = COMPLIANCE[item.status] ?? [item.status, ''];
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
