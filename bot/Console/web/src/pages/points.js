import { api, query, newRequestKey } from '../api.js';
import { h, clear, table, empty, loading, badge, button, busy, toast, field, clearErrors, showError } from '../dom.js';
import { session } from '../session.js';

/** 党员积分: the branch's yearly ranking, one member's ledger with each entry explained, and the 志愿服务 form. */
export async function pointsPage({ main }) {
  const year = new Date().getFullYear();
  const ranking = h('div', null, loading());
  const ledger = h('div', { class: 'ledger' }, empty('在排行中选择一位党员，查看积分明细。'));
  const roster = await api.get(`/members${query({ branchId: session.branchId, pageSize: 200 })}`);
  const members = roster.items ?? [];
  let requestKey = newRequestKey();

  const form = h('form', { class: 'form', novalidate: true, onsubmit: submit, id: 'volunteer-form' },
    field('党员', h('select', { name: 'memberId' }, members.map((m) => h('option', { value: m.id }, m.name)))),
    field('分值', h('input', { name: 'points', type: 'number', min: 1, max: 100, value: 1, inputmode: 'numeric' })),
    field('事由', h('input', { name: 'reason', maxlength: 50, placeholder: '例如：参加社区义务植树' })),
    h('button', { type: 'submit', class: 'btn primary' }, '登记志愿服务'));

  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '党员积分'), h('p', { class: 'sub' }, `${session.branchName} · ${year}年：考勤、补学、志愿服务，学习积分折算计入`))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', null, `${year}年支部排行`), ranking),
      h('section', { class: 'card' }, h('h2', null, '登记志愿服务'), form)),
    h('section', { class: 'card' }, h('h2', null, '积分明细'), ledger));

  async function loadRanking() {
    const r = await api.get(`/points/ranking${query({ branchId: session.branchId, year })}`);
    clear(ranking, r.rows.length ? table([
      { label: '名次', class: 'num', render: (row) => h('span', { class: `rank rank-${row.rank}` }, row.rank) },
      { label: '姓名', render: (row) => h('button', { type: 'button', class: 'btn link', onclick: () => loadLedger(row.memberId) }, row.name) },
      { label: '党员积分', class: 'num', render: (row) => row.total },
      { label: '其中学习折算', class: 'num', render: (row) => row.studyFolded },
    ], r.rows, null, { keep: true }) : empty('今年还没有积分。'));
  }

  async function loadLedger(memberId) {
    clear(ledger, loading());
    const l = await api.get(`/points/members/${memberId}${query({ year })}`);
    const revoke = (e) => button('撤销', busy(async () => {
      if (!confirm(`撤销「${e.reason}」（${e.points} 分）吗？`)) return;
      try {
        await api.del(`/points/members/${memberId}/entries/${encodeURIComponent(e.source)}${query({ year })}`);
        toast('已撤销');
        await Promise.all([loadLedger(memberId), loadRanking()]);
      } catch (err) {
        toast(err.message, 'error');
      }
    }), 'small ghost');
    clear(ledger,
      h('p', { class: 'ledger-total' }, h('strong', null, `${l.name}：${l.year}年党员积分 ${l.total} 分`),
        h('span', { class: 'muted' }, `（记录 ${l.entryPoints} 分 + 学习积分 ${l.studyPoints} 分按每 ${l.studyPointsPerPoint} 分折 1 分 = ${l.studyFolded} 分）`)),
      l.entries.length ? table([
        { label: '时间', render: (e) => e.atText },
        { label: '来源', render: (e) => badge(e.kindName, e.points < 0 ? 'bad' : 'info') },
        { label: '分值', class: 'num', render: (e) => (e.points > 0 ? `+${e.points}` : `${e.points}`) },
        { label: '说明', render: (e) => e.reason },
        { label: '登记人', render: (e) => e.recordedBy ?? '—' },
        { label: '操作', class: 'actions-cell', render: (e) => (e.revocable ? revoke(e) : null) },
      ], l.entries) : empty('今年还没有积分记录。'));
  }

  async function submit(event) {
    event.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    const memberId = String(data.get('memberId') ?? '');
    const submitButton = form.querySelector('button[type=submit]');
    submitButton.disabled = true;
    try {
      await api.post(`/points/members/${memberId}/volunteer`, { points: Number(data.get('points')), reason: String(data.get('reason') ?? '') }, { requestKey });
      requestKey = newRequestKey();
      toast('已登记志愿服务积分');
      form.reset();
      await Promise.all([loadRanking(), loadLedger(memberId)]);
    } catch (err) {
      showError(form, err.field, err.message);
    } finally {
      submitButton.disabled = false;
    }
  }

  await loadRanking();
}
