import { api, query } from '../api.js';
import { h, clear, empty, formatDateTime, badge } from '../dom.js';
import { session } from '../session.js';
import { stat } from './meetings.js';
import { COMPLIANCE_TONE } from './compliance.js';

/** The first page: next meetings, 三会一课 at a glance, study this week, failed notices. */
export async function overviewPage({ main }) {
  const branchId = session.branchId;
  const meetings = h('div', { class: 'card' }, h('h2', null, '近期会议'), h('p', { class: 'loading' }, '正在加载…'));
  const compliance = h('div', { class: 'card' }, h('h2', null, '三会一课'), h('p', { class: 'loading' }, '正在加载…'));
  const numbers = h('div', { class: 'stats' });
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, `您好，${session.me.name}`), h('p', { class: 'sub' }, session.branchName)),
      h('div', { class: 'actions' }, h('a', { href: '/console/meetings/new', class: 'btn primary' }, '新建会议'), h('a', { href: '/console/competitions', class: 'btn secondary' }, '发起竞赛'))),
    numbers,
    h('div', { class: 'grid-2' }, meetings, compliance));

  const settle = (p) => p.then((v) => ({ ok: true, v }), (e) => ({ ok: false, e }));
  const now = Date.now();
  const [m, c, r, d, members] = await Promise.all([
    settle(branchId ? api.get(`/meetings${query({ branchId, from: new Date(now - 86400_000).toISOString(), to: new Date(now + 60 * 86400_000).toISOString() })}`) : Promise.resolve([])),
    settle(api.get(`/compliance${query({ branchId })}`)),
    settle(api.get(`/study/rankings${query({ branchId, period: 'week' })}`)),
    settle(api.get(`/deliveries${query({ branchId, status: 'failed', days: 7 })}`)),
    settle(api.get(`/members${query({ branchId, pageSize: 1 })}`)),
  ]);

  const upcoming = m.ok ? m.v.filter((x) => x.status !== 'Cancelled' && new Date(x.end) >= now).sort((a, b) => new Date(a.start) - new Date(b.start)) : [];
  const items = c.ok ? c.v.flatMap((b) => b.items) : [];
  clear(numbers,
    stat('党员', members.ok ? members.v.total : '—'),
    stat('近期会议', m.ok ? upcoming.length : '—'),
    stat('本周答题人数', r.ok ? r.v.participants ?? r.v.items.length : '—', null, 'ok'),
    stat('逾期事项', c.ok ? items.filter((i) => i.status === 'overdue').length : '—', null, items.some((i) => i.status === 'overdue') ? 'bad' : ''),
    stat('投递失败', d.ok ? d.v.items.length : '—', d.ok && d.v.items.length ? h('a', { href: '/console/deliveries?status=failed' }, '去处理') : '近 7 天', d.ok && d.v.items.length ? 'bad' : ''));

  clear(meetings, h('h2', null, '近期会议'),
    !m.ok ? h('p', { class: 'muted' }, m.e.message) :
    upcoming.length ? h('ul', { class: 'list stacked' }, upcoming.slice(0, 5).map((x) => h('li', null,
      h('a', { href: `/console/meetings/${x.id}` }, x.title),
      h('span', { class: 'muted' }, `${formatDateTime(x.start)} · ${x.place}`)))) : empty('近期没有会议。'));

  clear(compliance, h('h2', null, '三会一课'),
    !c.ok ? h('p', { class: 'muted' }, c.e.message) :
    items.length ? h('ul', { class: 'list' }, c.v.flatMap((b) => b.items.map((i) => h('li', null,
      h('span', null, c.v.length > 1 ? `${b.branchName} · ${i.ruleName}` : i.ruleName, h('small', { class: 'muted' }, ` ${i.period}`)),
      badge(i.statusName, COMPLIANCE_TONE[i.status] ?? ''))))) : empty('没有需要落实的会议。'),
    h('a', { href: '/console/compliance', class: 'more' }, '查看详情 ›'));
}
