import { api, query } from '../api.js';
import { h, clear, field, clearErrors, showError, table, button, busy, empty, toast, formatDateTime, loading, badge } from '../dom.js';
import { session } from '../session.js';

export async function accountsPage({ main }) {
  const list = h('div');
  const branches = (await api.get('/branches')).filter((b) => b.kind === 'Branch');
  const form = h('form', { class: 'form', novalidate: true, onsubmit: create, autocomplete: 'off' },
    field('用户名', h('input', { name: 'name', autocomplete: 'off' })),
    field('所属支部', h('select', { name: 'branchId' }, h('option', { value: '' }, '管理员（全部支部）'), branches.map((b) => h('option', { value: b.id }, b.name)))),
    field('初始密码', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'btn primary' }, '创建账号'));

  const menu = h('section', { class: 'card', id: 'menu-card' }, h('h2', null, '公众号菜单'), loading());
  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '账号'), h('p', { class: 'sub' }, '书记账号只能查看和管理本支部'))),
    h('div', { class: 'grid-2 wide-left' }, h('section', null, list), h('section', { class: 'card' }, h('h2', null, '新建账号'), form)),
    menu);

  async function load() {
    const accounts = await api.get('/accounts');
    clear(list, accounts.length ? table([
      { label: '用户名', render: (a) => h('strong', null, a.name) },
      { label: '范围', render: (a) => a.branchName ?? (a.branchId ? a.branchId : '管理员') },
      { label: '创建', render: (a) => `${formatDateTime(a.createdAt)}${a.createdBy ? ` · ${a.createdBy}` : ''}` },
      { label: '操作', class: 'actions-cell', render: (a) => [
        button('重设密码', busy(() => resetPassword(a)), 'small ghost'),
        a.name === session.me.name ? null : button('删除', busy(() => remove(a)), 'small ghost danger-text'),
      ] },
    ], accounts) : empty('还没有账号。'));
  }

  async function create(e) {
    e.preventDefault();
    clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    const name = data.name.trim();
    try {
      await api.post('/accounts', { name, branchId: data.branchId || null, password: data.password });
      toast(`已创建账号 ${name}`);
      form.reset();
      await load();
    } catch (err) {
      showError(form, err.field, err.message);
    }
  }

  async function resetPassword(account) {
    const password = prompt(`为 ${account.name} 设置新密码：`);
    if (password === null) return;
    try {
      await api.put(`/accounts/${encodeURIComponent(account.name)}/password`, { password });
      toast('密码已更新');
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  async function remove(account) {
    if (!confirm(`删除账号 ${account.name}？TA 会立即退出登录。`)) return;
    try {
      await api.del(`/accounts/${encodeURIComponent(account.name)}`);
      toast('账号已删除');
      await load();
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  await Promise.all([load(), loadMenu(menu)]);
}

/** The menu file as checked, the last publish with WeChat's answers, and what WeChat holds now (docs/menu.md). */
async function loadMenu(card) {
  try {
    const m = await api.get('/menu');
    const live = m.live
      ? [`默认菜单：${(m.live.menu?.button ?? []).map((b) => b.name).join('、') || '（空）'}`,
        `个性化菜单：${(m.live.conditionalmenu ?? []).length} 个`]
      : [m.liveError ?? ''];
    clear(card,
      h('h2', null, '公众号菜单'),
      h('p', { class: 'sub' }, `菜单文件：${m.file}。修改后运行 publish-menu 发布，关注者最多 5 分钟后看到新菜单。`),
      m.problems.length
        ? h('ul', { class: 'menu-problems' }, m.problems.map((p) => h('li', null, badge('错误', 'bad'), ' ', p)))
        : h('p', null, badge('检查通过', 'ok')),
      h('pre', { class: 'menu-tree' }, m.description.join('\n')),
      h('h3', null, '微信当前的菜单'),
      live.map((line) => h('p', null, line)),
      h('h3', null, '最近一次发布'),
      m.lastPublish
        ? [h('p', null, formatDateTime(m.lastPublish.at), ' ', badge(m.lastPublish.ok ? '成功' : '未完成', m.lastPublish.ok ? 'ok' : 'bad')),
          h('ul', null, m.lastPublish.calls.map((c) => h('li', null, h('code', null, c))))]
        : h('p', null, '还没有通过 publish-menu 发布过。'));
  } catch (err) {
    clear(card, h('h2', null, '公众号菜单'), h('p', null, `菜单信息暂不可用：${err.message}`));
  }
}

export async function auditPage({ main }) {
  const branchSelect = h('select', { 'aria-label': '支部' }, h('option', { value: '' }, '全部'), (session.me.branches ?? []).map((b) => h('option', { value: b.id }, b.name)));
  const list = h('div');
  branchSelect.addEventListener('change', load);
  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '审计'), h('p', { class: 'sub' }, '每一次修改和登录都有记录（最新 100 条）')), h('div', { class: 'actions' }, branchSelect)),
    list);

  async function load() {
    const items = await api.get(`/audit${query({ branchId: branchSelect.value, count: 100 })}`);
    clear(list, items.length ? table([
      { label: '时间', render: (a) => formatDateTime(a.at) },
      { label: '操作人', render: (a) => a.who },
      { label: '操作', render: (a) => h('code', null, a.action) },
      { label: '对象', render: (a) => (typeof a.target === 'object' && a.target ? Object.values(a.target).join(' / ') : a.target) || '—' },
      { label: '结果', class: 'num', render: (a) => h('span', { class: `badge ${a.status < 300 ? 'ok' : a.status < 500 ? 'warn' : 'bad'}` }, a.status) },
      { label: '说明', render: (a) => a.detail || '—' },
    ], items) : empty('还没有记录。'));
  }

  await load();
}
