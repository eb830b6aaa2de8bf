import { h, clear, field, clearErrors, showError } from '../dom.js';
import { signIn, session } from '../session.js';

export async function loginPage({ main, navigate }) {
  let mode = 'password';
  const card = h('section', { class: 'login-card' });
  clear(main, h('div', { class: 'login' }, card));

  const draw = () => {
    const form = h('form', { class: 'form', novalidate: true, onsubmit: submit });
    if (mode === 'password') {
      form.append(
        field('用户名', h('input', { name: 'name', autocomplete: 'username', required: true, autofocus: true })),
        field('密码', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })));
    } else {
      form.append(field('访问密钥', h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true, autofocus: true }), '管理员在配置中设置的 API 密钥，或启动日志里登录链接中的 token'));
    }
    form.append(h('button', { type: 'submit', class: 'btn primary block' }, '登录'));
    clear(card,
      h('div', { class: 'login-brand' }, h('span', { class: 'brand-mark large' }, '党'), h('div', null, h('h1', null, '支部助手'), h('p', null, '书记工作台'))),
      h('div', { class: 'tabs', role: 'tablist' },
        h('button', { type: 'button', role: 'tab', class: mode === 'password' ? 'tab active' : 'tab', 'aria-selected': String(mode === 'password'), onclick: () => { mode = 'password'; draw(); } }, '账号密码'),
        h('button', { type: 'button', role: 'tab', class: mode === 'token' ? 'tab active' : 'tab', 'aria-selected': String(mode === 'token'), onclick: () => { mode = 'token'; draw(); } }, '访问密钥')),
      form);
  };

  async function submit(e) {
    e.preventDefault();
    const form = e.currentTarget;
    clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    const missing = Object.entries(data).find(([, v]) => !String(v).trim());
    if (missing) {
      showError(form, missing[0], { name: '请输入用户名', password: '请输入密码', token: '请输入访问密钥' }[missing[0]]);
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await signIn(mode === 'password' ? { name: data.name.trim(), password: data.password } : { token: data.token.trim() });
      session.me = null;
      navigate('/', { replace: true });
    } catch (err) {
      const message = err.status === 429 && err.body?.retryAfterSeconds
        ? `尝试次数过多，请 ${Math.ceil(err.body.retryAfterSeconds / 60)} 分钟后再试`
        : err.status === 401 && mode === 'token' ? '访问密钥无效' : err.message;
      showError(form, err.field ?? (mode === 'password' ? 'password' : 'token'), message);
    } finally {
      button.disabled = false;
    }
  }

  draw();
}
