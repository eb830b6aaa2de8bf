import { api, query, newRequestKey } from '../api.js';
import { h, clear, table, empty, badge, field, clearErrors, showError, toast } from '../dom.js';
import { session } from '../session.js';

/** 谈心谈话: this year's rule per member and between 支部委员, the talks recorded, and the form to record one. */
export async function talksPage({ main, navigate }) {
  const year = new Date().getFullYear();
  const [data, roster] = await Promise.all([
    api.get(`/talks${query({ branchId: session.branchId, year })}`),
    api.get(`/members${query({ branchId: session.branchId, pageSize: 200 })}`),
  ]);
  const options = () => (roster.items ?? []).map((m) => h('option', { value: m.id }, m.name));
  let requestKey = newRequestKey();
  // China's date (the server judges dates in Asia/Shanghai), whatever the browser's time zone.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const form = h('form', { class: 'form', novalidate: true, onsubmit: submit, id: 'talk-form' },
    field('党员甲', h('select', { name: 'memberA' }, options())),
    field('党员乙', h('select', { name: 'memberB' }, options())),
    field('日期', h('input', { name: 'date', type: 'date', value: today, max: today })),
    field('备注', h('input', { name: 'note', maxlength: 100, placeholder: '可不填' })),
    h('button', { type: 'submit', class: 'btn primary' }, '登记谈心谈话'));

  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '谈心谈话'), h('p', { class: 'sub' }, data.rule))),
    h('p', { class: 'talk-line' }, badge(data.kept ? '已完成' : '未完成', data.kept ? 'ok' : 'warn'), ' ', data.line),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', null, `${data.year}年落实情况`), data.rows.length ? table([
        { label: '姓名', render: (r) => r.name },
        { label: '职务', render: (r) => r.postName },
        { label: '谈话次数', class: 'num', render: (r) => r.talks },
        { label: '情况', render: (r) => badge(r.kept ? '已落实' : r.onCommittee ? `未与${r.committeeMissing.join('、')}谈话` : '未与支委谈话', r.kept ? 'ok' : 'warn') },
      ], data.rows) : empty('支部还没有党员。')),
      h('section', { class: 'card' }, h('h2', null, '登记谈心谈话'), form)),
    h('section', { class: 'card' }, h('h2', null, '谈话记录'), data.talks.length ? table([
      { label: '日期', render: (t) => t.date },
      { label: '谈话双方', render: (t) => `${t.nameA} 与 ${t.nameB}` },
      { label: '备注', render: (t) => t.note ?? '—' },
      { label: '登记人', render: (t) => t.recordedBy },
    ], data.talks) : empty('今年还没有登记谈心谈话。')));

  async function submit(event) {
    event.preventDefault();
    clearErrors(form);
    const d = new FormData(form);
    try {
      await api.post('/talks', { branchId: session.branchId, memberA: d.get('memberA'), memberB: d.get('memberB'), date: d.get('date') || null, note: d.get('note') || null }, { requestKey });
      requestKey = newRequestKey();
      toast('已登记谈心谈话');
      navigate('/talks', { replace: true });
    } catch (err) {
      showError(form, err.field, err.message);
    }
  }
}
