import { api, query } from '../api.js';
import { h, clear, table, badge, button, busy, empty, loading, toast, formatDateTime, field, clearErrors, showError } from '../dom.js';
import { session } from '../session.js';
import { importPanel } from './import.js';

const PAGE_SIZE = 50;

export async function membersPage({ main }) {
  const state = { q: '', bound: '', former: '', page: 1 };
  const list = h('div', null, loading());
  const search = h('input', { type: 'search', name: 'q', placeholder: '搜索姓名或手机号', 'aria-label': '搜索党员' });
  const boundFilter = h('select', { name: 'bound', 'aria-label': '绑定状态' },
    h('option', { value: '' }, '全部'), h('option', { value: 'true' }, '已绑定微信'), h('option', { value: 'false' }, '未绑定'));
  const formerFilter = h('select', { name: 'former', 'aria-label': '在册情况' },
    h('option', { value: '' }, '在册党员'), h('option', { value: 'true' }, '已离开（转出、停止党籍、出党、去世）'));
  const codeBox = h('div');
  const missingChoice = h('select', { name: 'missing', 'aria-label': '名单中没有的党员' },
    h('option', { value: 'keep' }, '保留（只列出，不改动）'), h('option', { value: 'transfer-out' }, '标记为转出'));

  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { state.q = search.value.trim(); state.page = 1; load(); }, 300); });
  boundFilter.addEventListener('change', () => { state.bound = boundFilter.value; state.page = 1; load(); });
  formerFilter.addEventListener('change', () => { state.former = formerFilter.value; state.page = 1; load(); });

  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '党员'), h('p', { class: 'sub' }, session.branchName || '全部支部')),
      h('div', { class: 'actions' }, button('导入名单', () => document.getElementById('roster-import').toggleAttribute('hidden'), 'secondary'))),
    h('div', { id: 'roster-import', hidden: true },
      importPanel({
        title: '导入党员名单',
        hint: 'Excel（.xlsx，第一个工作表）或 CSV 文件，表头：姓名,手机号,组织,党小组,状态,角色。先检查，无误后再导入；有任何一行出错都不会写入。文件所含支部中、名单里没有的在册党员会列出，默认保留。',
        accept: '.xlsx,.csv,text/csv',
        options: field('名单中没有的党员', missingChoice, '选择「标记为转出」时，导入会把他们标记为转出（之后可在「已离开」中查看）'),
        path: (dryRun) => `/members/import${query({ dryRun, missing: dryRun ? undefined : missingChoice.value })}`,
        details: (r, dryRun) => missingList(r, dryRun),
        summary: (r) => `新增组织 ${r.unitsAdded ?? 0} 个，新增党员 ${r.membersAdded ?? 0} 人，更新 ${r.membersUpdated ?? 0} 人`,
        done: () => load(),
      })),
    codeBox,
    h('div', { class: 'toolbar' }, search, boundFilter, formerFilter),
    list);

  async function load() {
    const result = await api.get(`/members${query({ branchId: session.branchId, q: state.q, bound: state.bound, former: state.former, page: state.page, pageSize: PAGE_SIZE })}`);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    clear(list,
      h('p', { class: 'muted' }, `共 ${result.total} 人`),
      result.items.length ? table([
        { label: '姓名', render: (m) => h('strong', null, m.name) },
        { label: '党小组', render: (m) => m.group || '—' },
        { label: '角色', render: (m) => m.roleName ?? m.role },
        { label: '手机', render: (m) => m.phone },
        state.former
          ? { label: '情况', render: (m) => [badge(m.standingName, 'muted'), ` ${m.standingSince ?? ''} ${m.standingNote ?? ''}`] }
          : { label: '微信', render: (m) => (m.bound ? badge(m.subscribed === false ? '已绑定（已取关）' : '已绑定', m.subscribed === false ? 'warn' : 'ok') : badge('未绑定', 'muted')) },
        { label: '操作', class: 'actions-cell', render: (m) => [
          state.former ? null : button('绑定码', busy(() => issueCode(m)), 'small ghost'),
          m.bound ? button('解绑', busy(() => unbind(m)), 'small ghost danger-text') : null,
          state.former ? null : button('离开', () => leaveForm(m), 'small ghost'),
          state.former ? null : button('调动', busy(() => moveForm(m)), 'small ghost'),
          button('履历', busy(() => showHistory(m)), 'small ghost'),
          session.me?.isAdmin ? button('删除个人信息', () => eraseForm(m), 'small ghost danger-text') : null,
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

  /** The import's list of members on the roll whom the file leaves out, and what happened to them. */
  function missingList(r, dryRun) {
    if (!r.missing?.length) return null;
    return h('div', { class: 'card' },
      h('p', { class: 'notice warn' }, dryRun
        ? `名单中没有、但仍在册的党员 ${r.missing.length} 人。导入时按上面的选择处理（默认保留）：`
        : `名单中没有的党员 ${r.missing.length} 人：`),
      table([
        { label: '姓名', render: (m) => m.name },
        { label: '支部', render: (m) => m.branchName ?? '' },
        { label: '手机', render: (m) => m.phone },
        { label: '处理', render: (m) => (m.marked ? badge(`已标记为${m.standingName}`, 'warn') : badge(m.refusal ? `未标记：${m.refusal}` : '保留在册', 'muted')) },
      ], r.missing, null, { keep: true }));
  }

  /** A small form in the notice box: fields, a confirmation, then the POST; field errors shown beside their inputs. */
  function actionForm(title, fields, submitText, confirmText, send) {
    const form = h('form', { class: 'card action-form', novalidate: true },
      h('h2', null, title), ...fields,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, submitText), button('取消', () => clear(codeBox), 'ghost')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!confirm(confirmText())) return;
      try {
        await send(new FormData(form));
        clear(codeBox);
        await load();
      } catch (err) {
        const errors = err.errors ?? {};
        const names = Object.keys(errors);
        if (names.length) names.forEach((n) => showError(form, n, errors[n][0]));
        else toast(err.message, 'error');
      }
    });
    clear(codeBox, form);
    codeBox.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  function leaveForm(member) {
    const standing = h('select', { name: 'standing' },
      h('option', { value: 'transferred-out' }, '转出（组织关系转往其他党组织）'),
      h('option', { value: 'suspended' }, '停止党籍'),
      h('option', { value: 'removed' }, '出党（开除党籍、除名或退党）'),
      h('option', { value: 'deceased' }, '去世'));
    actionForm(`${member.name}：离开本支部`, [
      field('方式', standing),
      field('日期', h('input', { type: 'date', name: 'on' }), '不填为今天'),
      field('说明', h('input', { type: 'text', name: 'note', maxlength: 100 }), '转出请写转往的党组织；停止党籍、出党请写原因和依据'),
    ], '确认', () => `确认将 ${member.name} 办理为「${standing.selectedOptions[0].textContent}」？此后不再提醒 TA、不计入应到，以往记录保留。`,
    async (data) => {
      const r = await api.post(`/members/${member.id}/leave`, { standing: data.get('standing'), on: data.get('on') || null, note: data.get('note') || null });
      toast(`${member.name} 已${r.standingName}`);
    });
  }

  async function moveForm(member) {
    const branches = (session.me?.branches ?? []).filter((b) => /^branch$/i.test(b.kind ?? ''));
    const branch = h('select', { name: 'branchId', disabled: !session.me?.isAdmin },
      ...branches.map((b) => h('option', { value: b.id, selected: b.id === member.branchId }, b.name)));
    const group = h('select', { name: 'groupId' });
    const loadGroups = async () => {
      const groups = await api.get(`/groups${query({ branchId: branch.value || member.branchId })}`);
      clear(group, h('option', { value: '' }, '不在党小组'), ...groups.map((g) => h('option', { value: g.id, selected: g.name === member.group }, g.name)));
    };
    branch.addEventListener('change', loadGroups);
    actionForm(`${member.name}：调动`, [
      branches.length ? field('党支部', branch, session.me?.isAdmin ? '调往其他支部' : '调往其他支部需由管理员办理') : null,
      field('党小组', group),
      field('日期', h('input', { type: 'date', name: 'on' }), '不填为今天'),
      field('说明', h('input', { type: 'text', name: 'note', maxlength: 100 })),
    ].filter(Boolean), '确认调动', () => `确认调动 ${member.name}？以往的考勤留在原支部。`, async (data) => {
      await api.post(`/members/${member.id}/move`, { branchId: branch.value || null, groupId: data.get('groupId') || null, on: data.get('on') || null, note: data.get('note') || null });
      toast(`已调动 ${member.name}`);
    });
    await loadGroups();
  }

  function eraseForm(member) {
    actionForm(`删除 ${member.name} 的个人信息`, [
      h('p', { class: 'notice warn' }, '依《个人信息保护法》第四十七条，本人申请删除时使用。姓名、手机号和微信绑定将被永久删除，无法恢复；考勤、学习和积分记录以匿名编号保留，各项统计不变。'),
      field('依据', h('input', { type: 'text', name: 'reason', maxlength: 100 }), '如：本人于某年某月某日书面申请'),
    ], '永久删除', () => `永久删除 ${member.name} 的个人信息？此操作无法撤销。`, async (data) => {
      await api.post(`/members/${member.id}/erase`, { reason: data.get('reason') });
      toast('个人信息已删除');
    });
  }

  async function showHistory(member) {
    try {
      const items = await api.get(`/members/${member.id}/history`);
      clear(codeBox, h('div', { class: 'card' },
        h('h2', null, `${member.name} 的履历`),
        items.length ? table([
          { label: '日期', render: (e) => e.on },
          { label: '事项', render: (e) => e.kindName },
          { label: '从', render: (e) => [e.fromBranch, e.fromGroup].filter(Boolean).join(' / ') || '—' },
          { label: '到', render: (e) => [e.toBranch, e.toGroup].filter(Boolean).join(' / ') || '—' },
          { label: '说明', render: (e) => e.note ?? '' },
          { label: '办理人', render: (e) => `${e.by}（${e.atText}）` },
        ], items) : empty('没有转出、调动等记录。'),
        button('关闭', () => clear(codeBox), 'small ghost')));
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
