import { api } from '../api.js';
import { h, clear, button, table } from '../dom.js';

/** A file import with a check first: row errors listed, nothing written until the file is clean and confirmed. */
export function importPanel({ title, hint, path, summary, done, accept = '.csv,text/csv', checkFirst = true, options = null, details = null }) {
  const input = h('input', { type: 'file', name: 'file', accept, class: 'file-input' });
  const chosen = h('span', { class: 'file-name' }, '未选择文件');
  const result = h('div', { class: 'import-result' });
  const error = h('p', { class: 'field-error', role: 'alert' });
  let bytes = null;
  let fileName = '';

  input.addEventListener('change', async () => {
    clear(result);
    error.textContent = '';
    const file = input.files[0];
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) {
      error.textContent = '文件太大（超过 5 MB），请拆分后再导入';
      return;
    }
    fileName = file.name;
    chosen.textContent = file.name;
    bytes = await file.arrayBuffer();
    await run(checkFirst);
  });

  async function run(dryRun) {
    try {
      const contentType = /\.json$/i.test(fileName) ? 'application/json'
        : /\.xlsx$/i.test(fileName) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const r = await api.post(path(dryRun, fileName), bytes, { contentType });
      if (r.errors?.length) {
        clear(result,
          h('p', { class: 'notice error' }, `发现 ${r.errors.length} 行有问题，请在文件中改正后重新选择，本次没有写入任何数据。`),
          table([
            { label: '行', render: (e) => `第 ${e.row} 行` },
            { label: '问题', render: (e) => e.message },
          ], r.errors.slice(0, 200)));
      } else if (dryRun) {
        clear(result,
          h('p', { class: 'notice ok' }, `检查通过：${summary(r)}。`),
          details?.(r, true),
          button('确认导入', async (e) => { e.currentTarget.disabled = true; await run(false); }, 'primary'));
      } else {
        clear(result, h('p', { class: 'notice ok' }, `导入完成：${summary(r)}。`), details?.(r, false));
        input.value = '';
        chosen.textContent = '未选择文件';
        bytes = null;
        done?.(r);
      }
    } catch (e) {
      error.textContent = e.message;
    }
  }

  return h('section', { class: 'card import' },
    h('h2', null, title),
    h('p', { class: 'muted' }, hint),
    options,
    h('label', { class: 'file-pick' }, input, h('span', { class: 'btn secondary small' }, '选择文件'), chosen),
    error,
    result);
}
