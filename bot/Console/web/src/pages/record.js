// The meeting record (会议记录): 议题, 主持人/记录人, minutes, 决议, photos with who sent them (archived ones as
// thumbnails, fetched with the bearer into blob: URLs; the rest as 保存中 or 未能保存); sign-off locks it,
// reopening takes a reason; downloads of the Word record and the attendance as Excel or CSV.
import { api, query } from '../api.js';
import { h, clear, field, clearErrors, showError, badge, button, busy, empty, toast, formatDateTime } from '../dom.js';

export async function recordPage({ main, params, navigate }) {
  const id = params.id;
  const [{ meeting }, record] = await Promise.all([api.get(`/meetings/${id}`), api.get(`/meetings/${id}/record`)]);
  const members = (await api.get(`/members${query({ branchId: meeting.branchId, pageSize: 200 })}`)).items;
  const limits = record.limits;
  const reload = () => navigate(`/meetings/${id}/record`, { replace: true });

  const downloads = h('div', { class: 'actions' },
    button('下载会议记录 (.docx)', busy(() => api.download(`/meetings/${id}/record.docx`, `record-${id}.docx`)), 'secondary'),
    button('导出考勤 (.xlsx)', busy(() => api.download(`/meetings/${id}/attendance.xlsx`, `attendance-${id}.xlsx`)), 'secondary'),
    button('导出考勤 (.csv)', busy(() => api.download(`/meetings/${id}/attendance.csv`, `attendance-${id}.csv`)), 'ghost'));

  const head = h('div', { class: 'page-head' },
    h('div', null,
      h('p', { class: 'crumb' }, h('a', { href: '/console/meetings' }, '会议'), ' / ', h('a', { href: `/console/meetings/${id}` }, meeting.title), ' / 会议记录'),
      h('h1', null, '会议记录 ', record.locked ? badge('已签字确认', 'ok') : badge(record.everSignedOff ? '已重新打开' : '未签字确认', 'info')),
      h('p', { class: 'sub' }, `${meeting.typeName} · ${formatDateTime(meeting.start)} · ${meeting.place}`)),
    downloads);

  const photos = h('section', { class: 'record-photos' },
    h('h2', null, `会议照片（${record.photos.length} 张）`),
    record.photos.length
      ? h('ul', { class: 'photo-list' }, record.photos.map(photoItem))
      : empty('党员在签到时间内通过菜单「上传照片」发送的照片会出现在这里。'));

  if (record.locked) {
    clear(main, head, lockedView(record), photos, reopenForm(record, reload));
    return;
  }

  const agendaList = h('ol', { class: 'agenda-list' });
  const addAgenda = (text = '') => {
    const input = h('input', { class: 'agenda-item', maxlength: limits.maxAgendaItemLength, value: text, placeholder: '议题内容' });
    const item = h('li', null, input, button('删除', () => item.remove(), 'ghost small'));
    agendaList.append(item);
    return input;
  };
  record.agenda.forEach((a) => addAgenda(a));

  const picker = (name, value) => h('select', { name },
    h('option', { value: '' }, '（未指定）'),
    members.map((m) => h('option', { value: m.id, selected: m.id === value }, m.name)));

  const form = h('form', { class: 'form card record-form', novalidate: true, onsubmit: save },
    h('div', { class: 'field', dataset: { field: 'agenda' } },
      h('span', { class: 'field-label' }, '议题'),
      agendaList,
      h('div', null, button('添加议题', () => {
        if (agendaList.children.length >= limits.maxAgendaItems) return toast(`议题最多 ${limits.maxAgendaItems} 项`, 'error');
        addAgenda().focus();
      }, 'ghost small')),
      h('p', { class: 'field-error', role: 'alert' })),
    h('div', { class: 'field-row' },
      field('主持人', picker('hostMemberId', record.hostMemberId)),
      field('记录人', picker('recorderMemberId', record.recorderMemberId), '记录人可在微信中发送「记录 内容」补充记录')),
    field('会议内容', h('textarea', { name: 'minutes', rows: 10, maxlength: limits.maxMinutesLength }, record.minutes), `最多 ${limits.maxMinutesLength} 字`),
    field('决议', h('textarea', { name: 'resolutions', rows: 4, placeholder: '每行一项决议' }, record.resolutions.join('\n')), `每行一项，最多 ${limits.maxResolutions} 项`),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, '保存'),
      button('签字确认', busy(signOff), 'secondary'),
      h('a', { href: `/console/meetings/${id}`, class: 'btn ghost' }, '返回会议')));

  clear(main, head, form, photos);

  function body() {
    const data = new FormData(form);
    return {
      version: record.version,
      agenda: [...agendaList.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean),
      hostMemberId: data.get('hostMemberId') ?? '',
      recorderMemberId: data.get('recorderMemberId') ?? '',
      minutes: String(data.get('minutes') ?? ''),
      resolutions: String(data.get('resolutions') ?? '').split('\n').map((r) => r.trim()).filter(Boolean),
    };
  }

  async function save(e) {
    e?.preventDefault();
    clearErrors(form);
    try {
      await api.put(`/meetings/${id}/record`, body());
      toast('会议记录已保存');
      reload();
      return true;
    } catch (err) {
      showProblem(form, err);
      return false;
    }
  }

  async function signOff() {
    if (!confirm('签字确认后会议记录将锁定，不能再修改。确定签字确认吗？')) return;
    clearErrors(form);
    try {
      // Unsaved changes are saved first, so what is signed is what is shown.
      const saved = await api.put(`/meetings/${id}/record`, body());
      await api.post(`/meetings/${id}/record/sign-off`, { version: saved.version });
      toast('已签字确认，会议记录已锁定');
      reload();
    } catch (err) {
      showProblem(form, err);
    }
  }
}

function lockedView(record) {
  const list = (items, none) => (items.length ? h('ol', null, items.map((x) => h('li', null, x))) : h('p', { class: 'muted' }, none));
  return h('div', { class: 'card record-locked' },
    h('p', { class: 'notice' }, `已由 ${record.signedOffBy} 于 ${record.signedOffText} 签字确认，会议记录已锁定。如需修改，请填写理由后重新打开。`),
    h('h2', null, '议题'), list(record.agenda, '（未填写议题）'),
    h('dl', { class: 'record-people' }, h('dt', null, '主持人'), h('dd', null, record.hostName ?? '—'), h('dt', null, '记录人'), h('dd', null, record.recorderName ?? '—')),
    h('h2', null, '会议内容'), h('pre', { class: 'minutes' }, record.minutes || '（未填写）'),
    h('h2', null, '决议'), list(record.resolutions, '（无）'));
}

function reopenForm(record, reload) {
  const form = h('form', { class: 'form card narrow', novalidate: true, onsubmit: reopen },
    field('重新打开的理由', h('input', { name: 'reason', maxlength: record.limits.maxReasonLength, placeholder: '如：补充决议表决结果' }), '理由会记入操作日志'),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn secondary' }, '重新打开')));

  async function reopen(e) {
    e.preventDefault();
    clearErrors(form);
    try {
      await api.post(`/meetings/${record.meetingId}/record/reopen`, { version: record.version, reason: new FormData(form).get('reason') });
      toast('会议记录已重新打开，修改后请再次签字确认');
      reload();
    } catch (err) {
      showProblem(form, err);
    }
  }

  return form;
}

/** A 409 because someone else saved first is said politely, with a way to load their version. */
function showProblem(form, err) {
  if (err.status === 409 && err.body?.currentVersion !== undefined) {
    showError(form, null, '');
    const foot = form.querySelector('.form-error');
    clear(foot, '会议记录已被他人修改（当前版本 ', String(err.body.currentVersion), '）。', h('a', { href: location.pathname }, '刷新查看最新内容'), '，再重新修改。');
    return;
  }

  showError(form, err.field, err.message);
}

/**
 * One photo: a thumbnail once archived (it opens full size in a new tab), else its state in words.
 * @param {{ sentAt: string, name?: string | null, memberId: string, archive: string, archiveName: string, imageUrl?: string | null }} photo
 */
function photoItem(photo) {
  const caption = h('span', { class: 'photo-caption' }, `${photo.name ?? photo.memberId} · ${formatDateTime(photo.sentAt)}`);
  if (photo.archive !== 'Archived' || !photo.imageUrl) {
    return h('li', { class: 'photo-item' }, h('span', { class: 'photo-missing' }, photo.archiveName), caption);
  }

  const img = h('img', { class: 'photo-thumb', alt: `${photo.name ?? photo.memberId} 发送的会议照片` });
  const link = h('a', { target: '_blank', rel: 'noopener noreferrer' }, img);
  const item = h('li', { class: 'photo-item' }, link, caption);
  api.imageUrl(photo.imageUrl.replace(/^\/api/, '')).then((url) => {
    img.src = url;
    link.href = url;
  }).catch(() => item.replaceChildren(h('span', { class: 'photo-missing' }, '照片加载失败'), caption));
  return item;
}
