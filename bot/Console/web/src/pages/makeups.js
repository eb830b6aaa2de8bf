import { api, query } from '../api.js';
import { h, clear, table, empty, loading, badge, button, busy, toast, formatDateTime } from '../dom.js';
import { session } from '../session.js';

/** How a 补学 state is coloured; 逾期 (owed past its deadline) stands out. */
const tone = (t) => (t.overdue ? 'bad' : t.state === 'Confirmed' ? 'ok' : t.state === 'Done' ? 'info' : 'warn');

/** The 补学 list of one meeting for its page: state, deadline, what was studied, and the secretary's buttons. */
export function makeUpSection(meetingId) {
  const box = h('section', { class: 'makeups', id: 'makeups' }, loading());
  const load = async () => {
    try {
      const tasks = await api.get(`/meetings/${meetingId}/makeups`);
      if (!tasks.length) {
        clear(box);
        return;
      }
      clear(box, h('h2', null, '补学'), makeUpTable(tasks, load, false));
    } catch (err) {
      clear(box, h('p', { class: 'muted' }, err.message));
    }
  };
  load();
  return box;
}

/** 补学 of the branch: reported ones awaiting confirmation first, then owed ones by deadline. */
export async function makeUpsPage({ main }) {
  const list = h('div', null, loading());
  const all = h('input', { type: 'checkbox', name: 'all', onchange: () => load() });
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '补学'), h('p', { class: 'sub' }, `${session.branchName} · 近一年会议的补学：待确认、待补学、逾期`)),
      h('label', { class: 'check' }, all, ' 含已确认')),
    h('section', { class: 'card' }, list));

  async function load() {
    clear(list, loading());
    const tasks = await api.get(`/makeups${query({ branchId: session.branchId, all: all.checked ? 'true' : '' })}`);
    clear(list, tasks.length ? makeUpTable(tasks, load, true) : empty('没有待处理的补学。'));
  }
  await load();
}

function makeUpTable(tasks, reload, withMeeting) {
  const act = (t, label, path, body, kind) => button(label, busy(async () => {
    try {
      const result = await api.post(path, body);
      toast(result?.message ?? '已处理');
      await reload();
    } catch (err) {
      toast(err.message, 'error');
    }
  }), `small ${kind}`);
  const actions = (t) => {
    const base = `/meetings/${t.meetingId}/makeups/${t.memberId}`;
    // A member whose post is not below the caller's (the secretary themselves, a 副书记) is the admin's to confirm.
    if (!t.mayAct) return t.state === 'Confirmed' ? null : h('span', { class: 'hint' }, '由管理员确认');
    if (t.state === 'Done') return act(t, '确认补学', `${base}/confirm`, undefined, 'secondary');
    if (t.state === 'Owed') {
      return button('代为登记', busy(async () => {
        const note = prompt(`${t.name ?? ''} 学习了什么？（200 字以内）`);
        if (!note) return;
        try {
          const result = await api.post(`${base}/done`, { note });
          toast(result?.message ?? '已登记');
          await reload();
        } catch (err) {
          toast(err.message, 'error');
        }
      }), 'small ghost');
    }
    return null;
  };
  return table([
    ...(withMeeting ? [{ label: '会议', render: (t) => h('a', { href: `/console/meetings/${t.meetingId}` }, `${t.meetingTitle}（${t.meetingStartText}）`) }] : []),
    { label: '姓名', render: (t) => t.name ?? t.memberId },
    { label: '状态', render: (t) => badge(t.stateName, tone(t)) },
    { label: '期限', render: (t) => t.deadlineText },
    { label: '学习内容', render: (t) => t.note ?? '—' },
    { label: '报告时间', render: (t) => (t.doneAt ? formatDateTime(t.doneAt) : '—') },
    { label: '确认时间', render: (t) => (t.confirmedAt ? formatDateTime(t.confirmedAt) : '—') },
    { label: '操作', class: 'actions-cell', render: actions },
  ], tasks, (t) => ({ dataset: { member: t.memberId } }));
}
