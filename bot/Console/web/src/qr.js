import qrcode from 'qrcode-generator';
import { h } from './dom.js';

/** A QR code image for text, drawn in the browser. */
function qrImage(text, alt = '二维码') {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return h('img', { class: 'qr', src: qr.createDataURL(8, 2), alt, width: 240, height: 240 });
}

/** The image WeChat made for a parametric QR code when there is one; otherwise the ticket (or scene) drawn here. */
export function qrFromResult(result, alt) {
  if (result?.imageUrl?.startsWith('https://mp.weixin.qq.com/')) {
    return h('img', { class: 'qr', src: result.imageUrl, alt, width: 240, height: 240 });
  }
  return qrImage(result?.ticket || result?.scene || '', alt);
}
