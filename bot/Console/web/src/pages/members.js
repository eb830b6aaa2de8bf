import { api, query } from '../api.js';
import { h, clear, table, badge, button, busy, empty, loading, toast, formatDateTime } from '../dom.js';
import { session } from '../session.js';
import { importPanel } from './import.js';

const PAGE_SIZE = 50;

export async function membersPage({ main }) {
  const state = { q: '', bound: '', page: 1 };
  const list = h('div', null, loading());
  const search = h('input', { type: 'search', name: 'q', placeholder: '搜索姓名或手机号', 'aria-label': '搜索党员' });
  const boundFilter = h('select', { name: 'bound', 'aria-label': '绑定状态' },
    h('option', { value: '' }, '全部'), h('option', { value: 'true' }, '已绑定微信'), h('option', { value: 'false' }, '未绑定'));
  const codeBox = h('div');

  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { state.q = search.value.trim(); state.page = 1; load(); }, 300); });
  boundFilter.addEventListener('change', () => { state.bound = boundFilter.value; state.page = 1; load(); });

  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '党员'), h('p', { class: 'sub' }, session.branchName || '全部支部')),
      h('div', { class: 'actions' }, button('导入名单', () => document.getElementById('roster-import').toggleAttribute('hidden'), 'secondary'))),
    h('div', { id: 'roster-import', hidden: true },
      importPanel({
        title: '导入党员名单',
        hint: 'CSV 文件，表头：姓名,手机号,组织,党小组,状态,角色（Excel 另存为 CSV 即可）。先检查，无误后再导入；有任何一行出错都不会写入。',
        path: (dryRun) => `/members/import${query({ dryRun })}`,
        summary: (r) => `新增组织 ${r.unitsAdded ?? 0} 个，新增党员 ${r.membersAdded ?? 0} 人，更新 ${r.membersUpdated ?? 0} 人`,
        done: () => load(),
      })),
    codeBox,
    h('div', { class: 'toolbar' }, search, boundFilter),
    list);

  async function load() {
    const result = await api.get(`/members${query({ branchId: session.branchId, q: state.q, bound: state.bound, page: state.page, pageSize: PAGE_SIZE })}`);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    clear(list,
      h('p', { class: 'muted' }, `共 ${result.total} 人`),
      result.items.length ? table([
        { label: '姓名', render: (m) => h('strong', null, m.name) },
        { label: '党小组', render: (m) => m.group || '—' },
        { label: '角色', render: (m) => m.roleName ?? m.role },
        { label: '手机', render: (m) => m.phone },
        { label: '微信', render: (m) => (m.bound ? badge(m.subscribed === false ? '已绑定（已取关）' : '已绑定', m.subscribed === false ? 'warn' : 'ok') : badge('未绑定', 'muted')) },
        { label: '操作', class: 'actions-cell', render: (m) => [
          button('绑定码', busy(() => issueCode(m)), 'small ghost'),
          m.bound ? button('解绑', busy(() => unbind(m)), 'small ghost danger-text') : null,
        ] },
      ], result.items) : empty(state.q || state.bound ? '没有符合条件的党员。' : '还没有党员名单，点「导入名单」上传。'),
      pages > 1 ? h('div', { class: 'pager' },
        button('上一页', () => { state.page--; load(); }, `small ghost${state.page <= 1 ? ' hidden' : ''}`),
        h('span', null, `第 ${state.page} / ${pages} 页`),
        button('下一页', () => { state.page++; load(); }, `small ghost${state.page >= pages ? ' hidden' : ''}`)) : null);
  }

  async function issueCode(member) {
    try {
      const r = await api.post(`/members/${member.id}/binding-code`);
      clear(codeBox, h('div', { class: 'notice code-notice', role: 'status' },
        h('div', null, `${member.name} 的绑定码`, h('strong', { class: 'big-code' }, r.code)),
        h('p', null, `请让 ${member.name} 在公众号发送「绑定 ${r.code}」，${r.expiresText ? `${r.expiresText} 前有效` : `有效至 ${formatDateTime(r.expiresAt)}`}，只能用一次。`),
        button('知道了', () => clear(codeBox), 'small ghost')));
      codeBox.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function unbind(member) {
    if (!confirm(`解除 ${member.name} 的微信绑定？解绑后 TA 需要重新绑定才能答题、签到。`)) return;
    try {
      const r = await api.del(`/members/${member.id}/binding`);
      toast(r?.changed === false ? `${member.name} 本来就没有绑定` : `已解除 ${member.name} 的绑定`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
}
