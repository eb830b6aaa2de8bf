import { api, query } from '../api.js';
import { h, clear, field, clearErrors, showError, table, badge, button, busy, empty, loading, toast, formatDateTime } from '../dom.js';
import { session } from '../session.js';
import { noBranch } from './meetings.js';

const SVG = 'http://www.w3.org/2000/svg';
const pct = (rate) => `${Math.round(rate * 100)}%`;

/** 星级: the branch's ten stars with each standard and why a star is missing, its field's ranking and a chart over time. */
export async function starsPage({ main, rerender }) {
  if (!session.branchId) return noBranch(main);
  const period = new URLSearchParams(location.search).get('period') ?? '';
  const form = await api.get('/stars/form');
  const chosen = period || form.currentQuarter;
  const picker = h('select', { name: 'period', 'aria-label': '评定期间', onchange: (e) => {
    history.replaceState(null, '', `/console/stars${query({ period: e.target.value })}`);
    rerender();
  } }, periodOptions(form, chosen));
  const body = h('div', null, loading());
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '星级'), h('p', { class: 'sub' }, `${session.branchName} · 一票否决、达标赋星`)),
      h('div', { class: 'actions' }, picker)),
    body);

  const page = await api.get(`/stars/${encodeURIComponent(session.branchId)}${query({ period: chosen })}`);
  const stars = page.stars;
  clear(body,
    h('section', { class: 'card star-summary' },
      h('div', { class: 'card-head' },
        h('h2', null, `${stars.periodLabel} · ${stars.count} 星`),
        h('div', null, badge(stars.grade, stars.count >= 6 ? 'ok' : 'warn'), ' ', badge(stars.final ? '已定档' : '评定中', stars.final ? 'muted' : 'info'), ' ', badge(`领域：${stars.fieldName}`, 'muted'))),
      h('div', { class: 'star-row', 'aria-label': `${stars.count} 星` }, [...stars.stars].sort((a, b) => b.awarded - a.awarded).map((s) => h('span', { class: `star ${s.awarded ? 'on' : 'off'}`, title: s.name }, s.awarded ? '★' : '☆'))),
      figures(stars.figures)),
    h('div', { class: 'star-grid' }, stars.stars.map(starCard)),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', null, `亮晒比：${page.ranking.fieldName}领域排名`), rankingTable(page.ranking, stars.branchId)),
      h('section', { class: 'card' }, h('h2', null, '星级变化'), chart(page.history))),
    session.me.isAdmin ? adminCard(form, stars, rerender) : null);
}

function periodOptions(form, chosen) {
  const keys = [form.currentQuarter, form.currentYear, form.currentMonth];
  const [year, q] = form.currentQuarter.split('-Q').map(Number);
  for (let i = 1; i <= 4; i++) {
    const n = q - i;
    keys.push(n > 0 ? `${year}-Q${n}` : `${year - 1}-Q${n + 4}`);
  }
  keys.push(String(year - 1));
  if (!keys.includes(chosen)) keys.push(chosen);
  return keys.map((k) => h('option', { value: k, selected: k === chosen }, label(k)));
}

function label(key) {
  if (/^\d{4}$/.test(key)) return `${key}年`;
  const q = /^(\d{4})-Q(\d)$/.exec(key);
  if (q) return `${q[1]}年第${q[2]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  return m ? `${m[1]}年${Number(m[2])}月` : key;
}

function figures(f) {
  return h('dl', { class: 'figures' },
    fig('三会一课', `${f.meetingsHeld}/${f.meetingsDue}`), fig('出勤率', pct(f.attendanceRate)), fig('补学逾期', `${f.makeUpOverdue} 人次`),
    fig('参学率', pct(f.studyRate)), fig('支委', `${f.committeeSize} 人`), fig('党小组', `${f.groups} 个`));
}

const fig = (name, value) => h('div', null, h('dt', null, name), h('dd', null, value));

function starCard(s) {
  return h('section', { class: `card star-card ${s.awarded ? 'awarded' : 'missing'}`, dataset: { star: s.kind } },
    h('header', { class: 'card-head' },
      h('h3', null, `${s.awarded ? '★' : '☆'} ${s.name}`),
      badge(s.awarded ? '已获得' : '未获得', s.awarded ? 'ok' : s.computed ? 'bad' : 'muted')),
    s.items.length ? h('ul', { class: 'star-items' }, s.items.map((i) => h('li', { class: i.kept ? 'kept' : 'missed' },
      h('span', { class: 'mark' }, i.kept ? '✓' : '✗'), h('div', null, h('div', null, i.rule), h('small', null, i.value))))) : null,
    s.reason ? h('p', { class: 'star-reason' }, s.reason) : null,
    s.awardedBy ? h('small', { class: 'hint' }, `评定：${s.awardedBy} · ${formatDateTime(s.awardedAt)}`) : null);
}

function rankingTable(ranking, own) {
  if (!ranking.rows.length) return empty('这个领域还没有支部。');
  return table([
    { label: '名次', class: 'num', render: (r) => String(r.rank) },
    { label: '党支部', render: (r) => (r.branchId === own ? h('strong', null, r.branchName) : r.branchName) },
    { label: '星级', class: 'num', render: (r) => `${r.stars} 星` },
    { label: '出勤率', class: 'num', render: (r) => pct(r.attendanceRate) },
  ], ranking.rows, (r) => ({ class: r.branchId === own ? 'own' : undefined }));
}

/** Stars per period as an SVG bar chart drawn here (no library, no inline styles). */
function chart(points) {
  if (!points.length) return empty('还没有历史数据。');
  const width = 360, height = 180, pad = 28, max = 10;
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'star-chart', role: 'img', 'aria-label': '各期星级' });
  const step = (width - pad * 2) / points.length;
  const y = (v) => height - pad - ((height - pad * 2) * v) / max;
  for (const v of [0, 5, 10]) {
    svg.append(el('line', { x1: pad, x2: width - pad, y1: y(v), y2: y(v), class: 'grid' }), el('text', { x: pad - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
  }
  points.forEach((p, i) => {
    const x = pad + i * step + step * 0.2;
    const w = step * 0.6;
    svg.append(
      el('rect', { x, y: y(p.stars), width: w, height: y(0) - y(p.stars), class: p.final ? 'bar' : 'bar live' }),
      el('text', { x: x + w / 2, y: y(p.stars) - 4, class: 'value', 'text-anchor': 'middle' }, String(p.stars)),
      el('text', { x: x + w / 2, y: height - 8, class: 'axis', 'text-anchor': 'middle' }, p.periodKey.replace(/^\d{2}/, '')));
  });
  return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'hint' }, '深色为已定档的期间，浅色为评定中。'));
}

function adminCard(form, stars, rerender) {
  const fieldSelect = h('select', { name: 'field' }, form.fields.map((f) => h('option', { value: f.value, selected: f.value === stars.field }, f.name)));
  const starSelect = h('select', { name: 'star' }, form.awardedStars.map((s) => h('option', { value: s.value }, s.name)));
  const action = h('select', { name: 'awarded' }, h('option', { value: 'true' }, '授予'), h('option', { value: 'false' }, '撤销'));
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 200, placeholder: '评定理由（2 至 200 字）' });
  const awardForm = h('form', { class: 'form', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'field-row' }, field('星', starSelect), field('操作', action)),
    field('理由', reason),
    button('保存评定', busy(async () => {
      clearErrors(awardForm);
      try {
        const result = await api.post(`/stars/${encodeURIComponent(stars.branchId)}/awards`, { star: starSelect.value, awarded: action.value === 'true', reason: reason.value });
        toast(result.changed ? '已保存' : '星级没有变化');
        rerender();
      } catch (e) {
        showError(awardForm, e.field, e.message);
      }
    }), 'primary'));
  const fieldForm = h('form', { class: 'form', onsubmit: (e) => e.preventDefault() },
    field('领域', fieldSelect),
    button('保存领域', busy(async () => {
      clearErrors(fieldForm);
      try {
        await api.put(`/stars/${encodeURIComponent(stars.branchId)}/field`, { field: fieldSelect.value });
        toast('领域已保存');
        rerender();
      } catch (e) {
        showError(fieldForm, e.field, e.message);
      }
    }), 'secondary'));
  return h('section', { class: 'card admin-stars' }, h('h2', null, '党委评定（基本保障、特色星）'), h('div', { class: 'grid-2' }, awardForm, fieldForm));
}
