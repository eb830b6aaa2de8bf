import { makeUpSection } from './makeups.js';
import { api, meetingLabels, nameOf, newRequestKey, query } from '../api.js';
import { h, clear, field, clearErrors, showError, table, badge, button, busy, empty, loading, toast, formatDateTime, formatTime, toLocalInput, fromLocalInput, dayKey } from '../dom.js';
import { session } from '../session.js';

/** How each attendance status is coloured; its name comes from the API. */
const ATTENDANCE_TONE = { Present: 'ok', Late: 'warn', LeaveRequested: 'info', OnLeave: 'info', LeaveRefused: 'warn', Absent: 'bad', Unverified: 'info' };

export function noBranch(main) {
  clear(main, h('div', { class: 'notice' }, '请先在右上角选择一个支部。'));
}

export async function meetingsPage({ main, params }) {
  if (!session.branchId) return noBranch(main);
  const view = new URLSearchParams(location.search).get('view') === 'calendar' ? 'calendar' : 'list';
  let month = new Date();
  const body = h('div', null, loading());
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '会议'), h('p', { class: 'sub' }, session.branchName)),
      h('div', { class: 'actions' },
        h('div', { class: 'segmented' },
          h('a', { href: '/console/meetings', class: view === 'list' ? 'active' : '' }, '列表'),
          h('a', { href: '/console/meetings?view=calendar', class: view === 'calendar' ? 'active' : '' }, '日历')),
        h('a', { href: '/console/meetings/new', class: 'btn primary' }, '新建会议'))),
    body);

  const now = Date.now();
  const meetings = await api.get(`/meetings${query({ branchId: session.branchId, from: new Date(now - 180 * 86400_000).toISOString(), to: new Date(now + 365 * 86400_000).toISOString() })}`);
  meetings.sort((a, b) => new Date(a.start) - new Date(b.start));

  if (view === 'calendar') {
    const draw = () => clear(body, calendar(meetings, month, (delta) => { month = new Date(month.getFullYear(), month.getMonth() + delta, 1); draw(); }));
    draw();
    return;
  }

  const upcoming = meetings.filter((m) => new Date(m.end) >= now);
  const past = meetings.filter((m) => new Date(m.end) < now).reverse();
  clear(body,
    h('h2', null, '即将召开'),
    upcoming.length ? meetingTable(upcoming) : empty('近期没有安排会议。点「新建会议」安排一次吧。'),
    h('h2', null, '已召开'),
    past.length ? meetingTable(past) : empty('最近半年没有会议记录。'));
}

function meetingTable(list) {
  return table([
    { label: '时间', render: (m) => formatDateTime(m.start) },
    { label: '会议', render: (m) => h('a', { href: `/console/meetings/${m.id}` }, m.title) },
    { label: '类型', render: (m) => m.typeName },
    { label: '地点', render: (m) => m.place },
    { label: '状态', render: (m) => statusBadge(m) },
  ], list);
}

function statusBadge(m) {
  if (m.status === 'Cancelled') return badge('已取消', 'muted');
  const now = Date.now();
  if (new Date(m.end) < now) return badge('已结束', 'muted');
  if (new Date(m.start) - 30 * 60_000 <= now) return badge('签到中', 'ok');
  return badge('待召开', 'info');
}

function calendar(meetings, month, move) {
  const year = month.getFullYear();
  const m = month.getMonth();
  const first = new Date(year, m, 1);
  const startOffset = (first.getDay() + 6) % 7;
  const days = new Date(year, m + 1, 0).getDate();
  const byDay = new Map();
  for (const meeting of meetings) {
    const key = dayKey(meeting.start);
    byDay.set(key, [...(byDay.get(key) ?? []), meeting]);
  }
  const today = dayKey(new Date().toISOString());
  const cells = [];
  for (let i = 0; i < startOffset; i++) cells.push(h('div', { class: 'cal-cell blank' }));
  for (let d = 1; d <= days; d++) {
    const key = `${year}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const list = byDay.get(key) ?? [];
    cells.push(h('div', { class: `cal-cell${key === today ? ' today' : ''}${list.length ? ' has' : ''}` },
      h('span', { class: 'cal-day' }, d),
      list.map((x) => h('a', { href: `/console/meetings/${x.id}`, class: `cal-item${x.status === 'Cancelled' ? ' cancelled' : ''}` }, `${formatTime(x.start)} ${x.title}`))));
  }
  return h('div', { class: 'calendar card' },
    h('div', { class: 'cal-head' },
      button('‹ 上月', () => move(-1), 'ghost small'),
      h('strong', null, `${year} 年 ${m + 1} 月`),
      button('下月 ›', () => move(1), 'ghost small')),
    h('div', { class: 'cal-grid' }, ['一', '二', '三', '四', '五', '六', '日'].map((w) => h('div', { class: 'cal-week' }, w)), cells));
}

export async function meetingFormPage({ main, params, navigate }) {
  if (!params.id && !session.branchId) return noBranch(main);
  const [existing, labels] = await Promise.all([params.id ? api.get(`/meetings/${params.id}`).then((d) => d.meeting) : null, meetingLabels()]);
  const requestKey = newRequestKey();
  const form = h('form', { class: 'form card narrow', novalidate: true, onsubmit: submit },
    field('会议类型', h('select', { name: 'type' }, labels.types.map(({ value, name }) => h('option', { value, selected: existing?.type === value }, name)))),
    field('标题', h('input', { name: 'title', maxlength: labels.maxTitleLength, placeholder: '不填则用会议类型作标题', value: existing?.title ?? '' })),
    h('div', { class: 'field-row' },
      field('开始时间', h('input', { name: 'start', type: 'datetime-local', required: true, value: existing ? toLocalInput(existing.start) : '' }), '北京时间'),
      field('结束时间', h('input', { name: 'end', type: 'datetime-local', value: existing ? toLocalInput(existing.end) : '' }), '不填默认 2 小时')),
    field('地点', h('input', { name: 'place', maxlength: labels.maxPlaceLength, required: true, placeholder: '如：三楼会议室', value: existing?.place ?? '' })),
    existing ? null : field('议题', h('textarea', { name: 'agenda', rows: 3, placeholder: '每行一项议题，可不填，会后在会议记录中补充' }), '每行一项'),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, existing ? '保存修改' : '创建会议'),
      h('a', { href: existing ? `/console/meetings/${existing.id}` : '/console/meetings', class: 'btn ghost' }, '返回')));

  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, existing ? '修改会议' : '新建会议'), h('p', { class: 'sub' }, existing ? '保存后会通知参会党员' : `${session.branchName} · 保存后会自动安排提醒`))),
    form);

  async function submit(e) {
    e.preventDefault();
    clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    // The server checks every field and names the one at fault; its message is shown beside that input.
    const start = fromLocalInput(data.start) || null;
    const end = fromLocalInput(data.end) || null;
    const body = { branchId: existing?.branchId ?? session.branchId, type: data.type, title: data.title.trim() || null, start, end, place: data.place.trim() };
    if (!existing) body.agenda = String(data.agenda ?? '').split('\n').map((a) => a.trim()).filter(Boolean);
    const submitButton = form.querySelector('button[type=submit]');
    submitButton.disabled = true;
    try {
      const saved = existing ? await api.put(`/meetings/${existing.id}`, body) : await api.post('/meetings', body, { requestKey });
      toast(existing ? '已保存，参会党员会收到变更通知' : `会议已创建，已为 ${saved.attendees ?? 0} 名党员安排提醒`);
      navigate(`/meetings/${saved.id}`);
    } catch (err) {
      showError(form, err.field, err.message);
    } finally {
      submitButton.disabled = false;
    }
  }
}

export async function meetingDetailPage({ main, params, navigate }) {
  const id = params.id;
  const [{ meeting }, attendance, labels] = await Promise.all([api.get(`/meetings/${id}`), api.get(`/meetings/${id}/attendance`), meetingLabels()]);
  const cancelled = meeting.status === 'Cancelled';
  const started = new Date(meeting.start) <= Date.now();
  const c = attendance.counts;
  const records = [...attendance.records].sort((a, b) => order(a.status) - order(b.status) || (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN'));

  const deliveries = h('div', null, loading());
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null,
        h('p', { class: 'crumb' }, h('a', { href: '/console/meetings' }, '会议'), ' / ', meeting.typeName),
        h('h1', null, meeting.title, cancelled ? badge('已取消', 'muted') : null),
        h('p', { class: 'sub' }, `${formatDateTime(meeting.start)} – ${formatTime(meeting.end)} · ${meeting.place}`)),
      h('div', { class: 'actions' },
        cancelled ? null : h('a', { href: `/console/meetings/${id}/screen`, class: 'btn primary', target: '_blank', rel: 'noopener' }, '打开签到大屏'),
        cancelled ? null : h('a', { href: `/console/meetings/${id}/record`, class: 'btn secondary' }, '会议记录'),
        button('导出 CSV', busy(() => api.download(`/meetings/${id}/attendance.csv`, `attendance-${id}.csv`)), 'secondary'),
        button('导出 Excel', busy(() => api.download(`/meetings/${id}/attendance.xlsx`, `attendance-${id}.xlsx`)), 'secondary'),
        cancelled || started ? null : h('a', { href: `/console/meetings/${id}/edit`, class: 'btn secondary' }, '修改'),
        cancelled || started ? null : button('取消会议', busy(async () => {
          if (!confirm(`确定取消「${meeting.title}」吗？参会党员会收到取消通知。`)) return;
          await api.del(`/meetings/${id}`).then(() => { toast('会议已取消，已通知参会党员'); navigate(`/meetings/${id}`, { replace: true }); }, (err) => toast(err.message, 'error'));
        }), 'danger'))),
    h('div', { class: 'stats' },
      stat('应到', c.expected),
      stat('实到', c.present, c.late ? `其中迟到 ${c.late}` : null, 'ok'),
      stat('请假', c.leave, null, 'info'),
      stat('缺席', c.absent, null, c.absent ? 'bad' : ''),
      stat('未签到', c.pending),
      c.undecided ? stat('请假待批', c.undecided, '待处理', 'info') : null),
    attendance.quorum ? h('p', { class: 'sub quorum' }, attendance.quorum.line) : null,
    h('h2', null, '参会名单'),
    records.length ? table([
      { label: '姓名', render: (r) => r.name ?? r.memberId },
      { label: '职务', render: (r) => r.postName ?? '—' },
      { label: '状态', render: (r) => badge(r.statusName, ATTENDANCE_TONE[r.status] ?? '') },
      { label: '签到时间', render: (r) => (r.checkedInAt ? formatDateTime(r.checkedInAt) : '—') },
      { label: '方式', render: (r) => (r.method ? nameOf(labels.checkInMethods, r.method) : '—') },
      { label: '请假理由', render: (r) => r.leaveReason ?? '—' },
      { label: '操作', class: 'actions-cell', render: (r) => rowActions(r) },
    ], records) : empty('这个会议没有参会人。'),
    makeUpSection(id),
    deliveries);

  function rowActions(r) {
    if (cancelled) return null;
    const act = (label, path, kind) => button(label, busy(async () => {
      try {
        const result = await api.post(path);
        toast(result?.message ?? '已处理');
        navigate(`/meetings/${id}`, { replace: true });
      } catch (err) {
        toast(err.message, 'error');
      }
    }), `small ${kind}`);
    if (r.status === 'LeaveRequested') return [act('批准', `/meetings/${id}/leave/${r.memberId}/approve`, 'secondary'), act('驳回', `/meetings/${id}/leave/${r.memberId}/refuse`, 'ghost')];
    if (r.status === 'Unverified') return [act('确认签到', `/meetings/${id}/attendance/${r.memberId}/confirm`, 'secondary'), act('驳回', `/meetings/${id}/attendance/${r.memberId}/reject`, 'ghost')];
    if (r.status === 'Pending' || r.status === 'LeaveRefused' || r.status === 'Absent') return act('代签到', `/meetings/${id}/attendance/${r.memberId}/checkin`, 'ghost');
    return null;
  }

  try {
    const d = await api.get(`/meetings/${id}/deliveries`);
    const names = new Map(attendance.records.map((r) => [r.memberId, r.name]));
    const count = (test) => d.outcomes.filter(test).length;
    const sent = count((o) => o.status === 'Sent' && o.channel !== 'Sms');
    const sms = count((o) => o.status === 'Sent' && o.channel === 'Sms');
    const failed = count((o) => o.status === 'Failed');
    clear(deliveries, h('details', { class: 'deliveries', open: failed > 0 },
      h('summary', null, h('strong', null, '通知投递'), h('span', { class: 'muted' }, d.outcomes.length ? ` 已送达 ${sent} · 转短信 ${sms} · 失败 ${failed}` : ' 还没有发出通知')),
      d.outcomes.length ? deliveryTable(d.outcomes.map((o) => ({ ...o, name: names.get(o.memberId) }))) : null,
      d.queued.length ? h('p', { class: 'muted' }, `另有 ${d.queued.length} 条提醒排队中，下一条 ${formatDateTime(d.queued.map((q) => q.due).sort()[0])} 发出。`) : null));
  } catch (err) {
    clear(deliveries, h('p', { class: 'muted' }, err.message));
  }
}

const order = (status) => ['Unverified', 'LeaveRequested', 'Pending', 'Late', 'Present', 'OnLeave', 'LeaveRefused', 'Absent'].indexOf(status);

export function stat(label, value, note, kind = '') {
  return h('div', { class: `stat ${kind}` }, h('span', { class: 'stat-label' }, label), h('strong', { class: 'stat-value' }, value ?? '—'), note ? h('small', null, note) : null);
}

/** Sent by SMS means the WeChat template could not be used: the notice fell back to SMS (its name says so). */
function deliveryBadge(o) {
  const status = (o.status ?? '').toLowerCase();
  const tone = status === 'sent' ? (o.channel === 'Sms' ? 'warn' : 'ok') : status === 'failed' ? 'bad' : 'muted';
  return badge(o.statusName ?? o.status, tone);
}

export function deliveryTable(items, retry) {
  return table([
    { label: '时间', render: (o) => formatDateTime(o.at) },
    ...(items.some((o) => o.meetingTitle) ? [{ label: '会议', render: (o) => (o.meetingId?.startsWith('compliance:') ? o.meetingTitle : h('a', { href: `/console/meetings/${o.meetingId}` }, o.meetingTitle ?? '')) }] : []),
    { label: '党员', render: (o) => o.name ?? o.memberId },
    { label: '类型', render: (o) => o.kindName ?? o.kind },
    { label: '渠道', render: (o) => o.channelName ?? '—' },
    { label: '结果', render: deliveryBadge },
    { label: '说明', render: (o) => o.detail || '—' },
    ...(retry ? [{ label: '操作', class: 'actions-cell', render: (o) => (o.retryable ? retry(o) : null) }] : []),
  ], items);
}
