// @ts-check
// JSON calls to the bot's /api with the session token. Every refusal is an RFC 9457 problem: its detail is the
// Chinese message, and its errors name the fields (JSON property names) it is about, so a form shows each beside its input.

const TOKEN_KEY = 'branchbot.token';

/**
 * An /api refusal (application/problem+json).
 * @typedef {object} Problem
 * @property {string} [title]
 * @property {number} [status]
 * @property {string} [detail] the sentence for the person
 * @property {Record<string, string[]>} [errors] messages by field (request JSON property or query name)
 * @property {number} [retryAfterSeconds] with 429 and 503
 */

/**
 * A name the API gives a value (meeting types, statuses), so the console keeps no copy of its own.
 * @typedef {{ value: string, name: string }} Label
 */

/**
 * GET /api/meeting-form: what the meeting pages offer and the limits the server checks.
 * @typedef {object} MeetingForm
 * @property {Label[]} types
 * @property {Label[]} attendanceStatuses
 * @property {Label[]} checkInMethods
 * @property {Label[]} complianceStatuses
 * @property {number} maxTitleLength
 * @property {number} maxPlaceLength
 */

/**
 * A meeting as the API shows it.
 * @typedef {object} MeetingView
 * @property {string} id
 * @property {string} branchId
 * @property {string} type
 * @property {string} typeName
 * @property {string} title
 * @property {string} start
 * @property {string} end
 * @property {string} place
 * @property {string} status
 * @property {string} statusName
 * @property {number | null} attendees
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {string | undefined} [field] the first field the problem names
   * @param {Problem} [body]
   */
  constructor(status, message, field, body) {
    super(message);
    this.status = status;
    this.field = field;
    /** @type {Record<string, string[]>} */
    this.errors = body?.errors ?? {};
    this.body = body ?? {};
  }
}

/** @returns {string | null} */
export const getToken = () => localStorage.getItem(TOKEN_KEY);
/** @param {string | null | undefined} token */
export const setToken = (token) => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY));

/** @type {(error: ApiError) => void} */
let onUnauthorized = () => {};
/** @param {(error: ApiError) => void} handler */
export const whenUnauthorized = (handler) => (onUnauthorized = handler);

/** @type {Record<number, string>} */
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

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ raw?: boolean, contentType?: string, requestKey?: string }} [options]
 * @returns {Promise<any>}
 */
async function send(method, path, body, { raw = false, contentType, requestKey } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (requestKey) headers['Idempotency-Key'] = requestKey;
  /** @type {BodyInit | undefined} */
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
    /** @type {Problem} */
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      /* not JSON: fall back to the status text */
    }
    const field = Object.keys(problem.errors ?? {})[0];
    const message = (field && problem.errors?.[field]?.[0]) || problem.detail || statusText[response.status] || `请求失败（${response.status}）`;
    const error = new ApiError(response.status, message, field, problem);
    if (response.status === 401 && !path.startsWith('/session')) onUnauthorized(error);
    throw error;
  }

  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Builds "?a=1&b=2" from the defined values.
 * @param {Record<string, string | number | boolean | null | undefined>} params
 */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  /** @param {string} path */
  get: (path) => send('GET', path),
  /** @param {string} path @param {unknown} [body] @param {{ contentType?: string, requestKey?: string }} [options] */
  post: (path, body, options) => send('POST', path, body, options),
  /** @param {string} path @param {unknown} body */
  put: (path, body) => send('PUT', path, body),
  /** @param {string} path */
  del: (path) => send('DELETE', path),
  /**
   * Downloads a file from the API (with the bearer header) under the server's file name.
   * @param {string} path
   * @param {string} fallbackName
   */
  /**
   * An image the API serves behind the bearer (an <img> cannot send it) as a blob: URL; revoke it when done.
   * @param {string} path under /api
   * @returns {Promise<string>}
   */
  async imageUrl(path) {
    const response = await send('GET', path, undefined, { raw: true });
    return URL.createObjectURL(await response.blob());
  },
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

/** @type {Promise<MeetingForm> | undefined} */
let meetingForm;

/** Meeting types, status names and the server's limits, asked for once per page load. */
export function meetingLabels() {
  meetingForm ??= /** @type {Promise<MeetingForm>} */ (send('GET', '/meeting-form')).catch((e) => {
    meetingForm = undefined;
    throw e;
  });
  return meetingForm;
}

/**
 * The name a label list gives a value, or the value itself.
 * @param {Label[]} labels
 * @param {string | null | undefined} value
 */
export const nameOf = (labels, value) => labels.find((l) => l.value === value)?.name ?? value ?? '';
