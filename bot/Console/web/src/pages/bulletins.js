import { api } from '../api.js';
import { h, clear, table, badge, button, busy, empty, loading, formatDateTime } from '../dom.js';

const pct = (rate) => `${Math.round(rate * 100)}%`;

/** 通报: the monthly bulletins, newest first; one opened with its totals and branch lines, and its Word download. */
export async function bulletinsPage({ main, params, navigate }) {
  const body = h('div', null, loading());
  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '通报'), h('p', { class: 'sub' }, '每月第一个工作日发布上月三会一课、出勤、补学、参学和星级情况'))),
    body);
  const list = await api.get('/bulletins');
  if (!list.length) return clear(body, empty('还没有通报。每月第一个工作日自动发布上月通报。'));
  const chosen = params.period ?? list[0].periodKey;
  const bulletin = await api.get(`/bulletins/${encodeURIComponent(chosen)}`);
  const t = bulletin.totals;
  clear(body,
    h('div', { class: 'segmented bulletin-months' }, list.map((b) =>
      h('a', { href: `/console/bulletins/${b.periodKey}`, class: b.periodKey === chosen ? 'active' : '', onclick: (e) => { e.preventDefault(); navigate(`/bulletins/${b.periodKey}`); } }, b.periodLabel))),
    h('section', { class: 'card bulletin' },
      h('div', { class: 'card-head' },
        h('h2', null, `${bulletin.periodLabel}组织生活通报`),
        button('下载 Word', busy(() => api.download(`/bulletins/${chosen}/document`, `bulletin-${chosen}.docx`)), 'secondary')),
      h('p', null, `党支部 ${t.branches} 个，三会一课已召开 ${t.meetingsHeld}/${t.meetingsDue} 次，出勤率 ${pct(rateOf(t))}，补学待完成 ${t.makeUpOwed} 人次，参学率 ${pct(t.members ? t.studyActive / t.members : 0)}，平均 ${t.averageStars.toFixed(1)} 星。`),
      h('small', { class: 'hint' }, `发布时间：${formatDateTime(bulletin.createdAt)}`)),
    table([
      { label: '党支部', render: (r) => r.branchName },
      { label: '三会一课', class: 'num', render: (r) => `${r.meetingsHeld}/${r.meetingsDue}` },
      { label: '出勤率', class: 'num', render: (r) => pct(r.attendanceRate) },
      { label: '补学待完成', class: 'num', render: (r) => String(r.makeUpOwed) },
      { label: '参学率', class: 'num', render: (r) => pct(r.members ? r.studyActive / r.members : 0) },
      { label: '星级', class: 'num', render: (r) => `${r.stars} 星` },
      { label: '未落实', render: (r) => (r.missedRules.length ? badge(r.missedRules.join('、'), 'bad wrap') : badge('无', 'ok')) },
    ], bulletin.rows));
}

const rateOf = (t) => (t.expected - t.leave <= 0 ? 1 : t.present / (t.expected - t.leave));
