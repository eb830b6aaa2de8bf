// Tiny DOM helpers: elements are built with h(), never from HTML strings, so names from the roster cannot inject markup.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const china = 'Asia/Shanghai';
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: china, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: china, hour: '2-digit', minute: '2-digit', hour12: false });

/** "2026/12/01 14:30" in China time. */
export const formatDateTime = (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '');
export const formatTime = (iso) => timeFormat.format(new Date(iso));

/** The China-time value for a datetime-local input ("2026-12-01T14:30"). */
export function toLocalInput(iso) {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
}

/** A datetime-local value read as China time, as ISO-8601 with +08:00. */
export const fromLocalInput = (value) => (value ? `${value}:00+08:00` : null);

/** Same China calendar day key ("2026-12-01"). */
export const dayKey = (iso) => toLocalInput(iso).slice(0, 10);

let toastTimer;
export function toast(message, kind = 'ok') {
  let el = document.getElementById('toast');
  if (!el) {
    el = h('div', { id: 'toast', role: 'status' });
    document.body.append(el);
  }
  el.className = `toast show ${kind}`;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 3200);
}

/** A labelled form field with a slot for its error message. */
export function field(label, input, hint) {
  const name = input.getAttribute('name');
  const error = h('p', { class: 'field-error', id: `${name}-error`, role: 'alert' });
  input.setAttribute('aria-describedby', `${name}-error`);
  return h('label', { class: 'field', dataset: { field: name } }, h('span', { class: 'field-label' }, label), input, hint ? h('small', { class: 'hint' }, hint) : null, error);
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => (e.textContent = ''));
  form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  form.querySelector('.form-error')?.replaceChildren();
}

/** Shows a message next to the named field, or at the form's foot when no field fits. */
export function showError(form, fieldName, message) {
  const slot = fieldName && form.querySelector(`[data-field="${fieldName}"] .field-error`);
  if (slot) {
    slot.textContent = message;
    form.querySelector(`[name="${fieldName}"]`)?.classList.add('invalid');
    form.querySelector(`[name="${fieldName}"]`)?.focus();
  } else {
    let foot = form.querySelector('.form-error');
    if (!foot) {
      foot = h('p', { class: 'form-error', role: 'alert' });
      form.append(foot);
    }
    foot.textContent = message;
  }
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

export function loading() {
  return h('p', { class: 'loading' }, '正在加载…');
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? ''}` }, text);
}

/** A table that turns into stacked cards on phones (labels come from data-label), unless it is narrow enough to keep. */
export function table(columns, rows, rowProps, { keep = false } = {}) {
  return h('div', { class: keep ? 'table-wrap keep' : 'table-wrap' },
    h('table', { class: 'table' },
      h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.class }, c.label)))),
      h('tbody', null, rows.map((row) => h('tr', rowProps?.(row), columns.map((c) => cell(c, row)))))));
}

/** A cell; an empty one (nothing or "—") is marked so phones can leave it out of the card. */
function cell(column, row) {
  const content = column.render(row);
  const blank = content === null || content === undefined || content === '' || content === '—' || (Array.isArray(content) && content.every((x) => !x));
  return h('td', { class: [column.class, blank ? 'blank' : ''].filter(Boolean).join(' ') || undefined, 'data-label': column.label }, content);
}

export function button(text, onclick, kind = '') {
  return h('button', { type: 'button', class: `btn ${kind}`, onclick }, text);
}

/** Runs an async click handler with the button disabled meanwhile. */
export function busy(handler) {
  return async (event) => {
    const target = event.currentTarget;
    target.disabled = true;
    try {
      await handler(event);
    } finally {
      target.disabled = false;
    }
  };
}

/** A button that puts the page into full screen (projectors), hidden where the browser cannot. */
export function fullscreenButton() {
  if (!document.fullscreenEnabled) return null;
  return h('button', { type: 'button', class: 'screen-exit', onclick: () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()) }, '全屏');
}
