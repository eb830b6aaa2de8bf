import { api } from '../api.js';
import { h, clear, formatDateTime, formatTime, fullscreenButton } from '../dom.js';
import { qrFromResult } from '../qr.js';

const POLL_MS = 2000;
// The QR code's scene rotates (every minute by default); the answer says when, and the screen checks this often.
const QR_CHECK_MS = 2000;

/** The projector screen: the rotating code, the meeting's QR code and the count of members checked in, refreshing by themselves. */
export async function checkinScreenPage({ main, params, every }) {
  const id = params.id;
  const { meeting } = await api.get(`/meetings/${id}`);

  const code = h('div', { class: 'screen-code', id: 'checkin-code', 'aria-label': '签到码' }, '······');
  const bar = h('div', { class: 'countdown-bar' });
  const left = h('span', { class: 'screen-left' }, '');
  const qrSlot = h('div', { class: 'screen-qr' });
  const present = h('strong', { class: 'screen-count', id: 'present-count' }, '0');
  const expected = h('span', { class: 'screen-expected' }, '');
  const leave = h('span', null, '');
  const recent = h('ul', { class: 'screen-recent' });
  const status = h('p', { class: 'screen-status' }, '');

  clear(main, h('div', { class: 'screen' },
    h('header', { class: 'screen-head' },
      h('div', null, h('h1', null, meeting.title), h('p', null, `${formatDateTime(meeting.start)} · ${meeting.place}`)),
      h('div', { class: 'screen-tools' }, fullscreenButton(), h('a', { href: `/console/meetings/${id}`, class: 'screen-exit' }, '退出大屏'))),
    h('div', { class: 'screen-body' },
      h('section', { class: 'screen-panel' },
        h('p', { class: 'screen-label' }, '微信发送「签到 + 签到码」'),
        code,
        h('div', { class: 'countdown' }, bar),
        left),
      h('section', { class: 'screen-panel' },
        h('p', { class: 'screen-label' }, '或用微信扫一扫'),
        qrSlot),
      h('section', { class: 'screen-panel count-panel' },
        h('p', { class: 'screen-label' }, '已签到'),
        h('div', { class: 'screen-count-line' }, present, expected),
        h('p', { class: 'screen-leave' }, leave),
        recent)),
    status));

  let last = -1;
  async function tick() {
    try {
      const [c, a] = await Promise.all([api.get(`/meetings/${id}/checkin-code`), api.get(`/meetings/${id}/attendance`)]);
      code.textContent = c.code;
      left.textContent = `${c.secondsLeft} 秒后更新`;
      bar.style.width = `${Math.max(0, Math.min(100, (c.secondsLeft / 30) * 100))}%`;
      const counts = a.counts;
      present.textContent = counts.present;
      if (counts.present > last && last >= 0) {
        present.classList.remove('bump');
        void present.offsetWidth;
        present.classList.add('bump');
      }
      last = counts.present;
      expected.textContent = ` / ${counts.expected} 人`;
      leave.textContent = counts.leave ? `请假 ${counts.leave} 人` : '';
      const latest = a.records.filter((r) => r.checkedInAt).sort((x, y) => new Date(y.checkedInAt) - new Date(x.checkedInAt)).slice(0, 6);
      clear(recent, latest.map((r) => h('li', null, h('span', null, r.name ?? ''), h('time', null, formatTime(r.checkedInAt)))));
      status.textContent = '';
    } catch (e) {
      status.textContent = `连接中断，正在重试…（${e.message}）`;
    }
  }

  let qrDue = 0;
  async function loadQr() {
    if (Date.now() < qrDue) return;
    try {
      const qr = await api.get(`/meetings/${id}/qrcode`);
      qrDue = Date.now() + Math.max(5, qr.refreshSeconds ?? 60) * 1000;
      clear(qrSlot, qrFromResult(qr, '会议签到二维码'));
    } catch (e) {
      qrDue = Date.now() + 10_000;
      clear(qrSlot, h('p', { class: 'screen-note' }, `二维码暂不可用：${e.message}`));
    }
  }

  await Promise.all([tick(), loadQr()]);
  every(POLL_MS, tick);
  every(QR_CHECK_MS, loadQr);
}
