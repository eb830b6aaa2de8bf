// JSON calls to the bot's /api with the session token; errors carry the API's Chinese message and field.

const TOKEN_KEY = 'branchbot.token';

export class ApiError extends Error {
  constructor(status, message, field, body) {
    super(message);
    this.status = status;
    this.field = field;
    this.body = body;
  }
}

export const getToken = () => localStorage.getItem(TOKEN_KEY);
export const setToken = (token) => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY));

let onUnauthorized = () => {};
export const whenUnauthorized = (handler) => (onUnauthorized = handler);

const statusText = {
  401: '登录已过期，请重新登录',
  403: '没有权限查看这些数据',
  404: '没有找到',
  429: '尝试太频繁，请稍后再试',
  502: '微信接口暂时不可用',
};

/**
 * A key for one form's submission: sent again with a resubmit, it makes the server create the meeting or room once
 * (getRandomValues, unlike randomUUID, also works on plain-http addresses inside an office network).
 */
export function newRequestKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function send(method, path, body, { raw = false, contentType, requestKey } = {}) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (requestKey) headers['Idempotency-Key'] = requestKey;
  let payload;
  if (body instanceof Blob || body instanceof ArrayBuffer || typeof body === 'string') {
    payload = body;
    headers['Content-Type'] = contentType ?? 'text/csv; charset=utf-8';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body: payload, cache: 'no-store' });
  } catch {
    throw new ApiError(0, '连接不上服务器，请检查网络');
  }

  if (!response.ok) {
    let data = {};
    try {
      data = await response.json();
    } catch {
      /* not JSON: fall back to the status text */
    }
    const error = new ApiError(response.status, data.error || statusText[response.status] || `请求失败（${response.status}）`, data.field, data);
    if (response.status === 401 && !path.startsWith('/session')) onUnauthorized(error);
    throw error;
  }

  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Builds "?a=1&b=2" from the defined values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: (path) => send('GET', path),
  post: (path, body, options) => send('POST', path, body, options),
  put: (path, body) => send('PUT', path, body),
  del: (path) => send('DELETE', path),
  /** Downloads a file from the API (with the bearer header) under the server's file name. */
  async download(path, fallbackName) {
    const response = await send('GET', path, undefined, { raw: true });
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = decodeURIComponent(name);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
