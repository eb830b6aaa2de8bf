// The console's shell: sign-in check, navigation, branch picker and a small path router under /console/.
import './styles.css';
import { api, getToken, whenUnauthorized, setToken, ApiError } from './api.js';
import { session, loadMe, chooseBranch, signIn, signOut } from './session.js';
import { h, clear, toast } from './dom.js';
import { loginPage } from './pages/login.js';
import { overviewPage } from './pages/overview.js';
import { membersPage } from './pages/members.js';
import { meetingsPage, meetingFormPage, meetingDetailPage } from './pages/meetings.js';
import { checkinScreenPage } from './pages/checkin-screen.js';
import { recordPage } from './pages/record.js';
import { compliancePage } from './pages/compliance.js';
import { studyPage } from './pages/study.js';
import { competitionsPage, competitionRoomPage, competitionScreenPage } from './pages/competitions.js';
import { deliveriesPage } from './pages/deliveries.js';
import { pointsPage } from './pages/points.js';
import { makeUpsPage } from './pages/makeups.js';
import { talksPage } from './pages/talks.js';
import { starsPage } from './pages/stars.js';
import { bulletinsPage } from './pages/bulletins.js';
import { accountsPage, auditPage } from './pages/admin.js';

const BASE = '/console';

const routes = [
  { path: '/login', page: loginPage, bare: true, anonymous: true },
  { path: '/', page: overviewPage, nav: '概览' },
  { path: '/members', page: membersPage, nav: '党员' },
  { path: '/meetings', page: meetingsPage, nav: '会议' },
  { path: '/meetings/new', page: meetingFormPage, section: '/meetings' },
  { path: '/meetings/:id', page: meetingDetailPage, section: '/meetings' },
  { path: '/meetings/:id/edit', page: meetingFormPage, section: '/meetings' },
  { path: '/meetings/:id/record', page: recordPage, section: '/meetings' },
  { path: '/meetings/:id/screen', page: checkinScreenPage, bare: true },
  { path: '/compliance', page: compliancePage, nav: '三会一课' },
  { path: '/stars', page: starsPage, nav: '星级' },
  { path: '/bulletins', page: bulletinsPage, nav: '通报' },
  { path: '/bulletins/:period', page: bulletinsPage, section: '/bulletins' },
  { path: '/study', page: studyPage, nav: '学习' },
  { path: '/points', page: pointsPage, nav: '党员积分' },
  { path: '/makeups', page: makeUpsPage, nav: '补学' },
  { path: '/talks', page: talksPage, nav: '谈心谈话' },
  { path: '/competitions', page: competitionsPage, nav: '竞赛' },
  { path: '/competitions/:id', page: competitionRoomPage, section: '/competitions' },
  { path: '/competitions/:id/screen', page: competitionScreenPage, bare: true },
  { path: '/deliveries', page: deliveriesPage, nav: '投递' },
  { path: '/accounts', page: accountsPage, nav: '账号', admin: true },
  { path: '/audit', page: auditPage, nav: '审计', admin: true },
];

function match(pathname) {
  const path = pathname.slice(BASE.length).replace(/\/+$/, '') || '/';
  const parts = path.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = {};
    if (pattern.every((p, i) => (p.startsWith(':') ? (params[p.slice(1)] = decodeURIComponent(parts[i])) : p === parts[i]))) {
      return { route, params };
    }
  }
  return null;
}

export function navigate(path, { replace = false } = {}) {
  const url = BASE + path;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

let cleanups = [];
let renderSeq = 0;

/** What a page gets: where to draw, the route's parameters, and timers that stop when the page is left. */
function context(main, params) {
  return {
    main,
    params,
    navigate,
    every(ms, fn) {
      const id = setInterval(fn, ms);
      cleanups.push(() => clearInterval(id));
      return id;
    },
    onLeave(fn) {
      cleanups.push(fn);
    },
    rerender: () => render(),
  };
}

async function render() {
  const seq = ++renderSeq;
  cleanups.forEach((fn) => fn());
  cleanups = [];
  const root = document.getElementById('app');
  const found = match(location.pathname);
  if (!found) return navigate('/', { replace: true });
  const { route, params } = found;

  if (!route.anonymous && !getToken()) return navigate('/login', { replace: true });
  if (!route.anonymous && !session.me) {
    try {
      await loadMe();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      clear(root, h('div', { class: 'fatal' }, h('h1', null, '无法加载'), h('p', null, e.message), h('button', { class: 'btn primary', onclick: () => render() }, '重试')));
      return;
    }
    if (seq !== renderSeq) return;
  }
  if (route.admin && !session.me?.isAdmin) return navigate('/', { replace: true });

  document.body.classList.toggle('bare', !!route.bare);
  const main = h('main', { class: 'page', id: 'main' });
  clear(root, route.bare ? main : shell(route, main));
  const title = route.nav ?? routes.find((r) => r.path === route.section)?.nav;
  document.title = title ? `${title} · 支部助手` : '支部助手';
  window.scrollTo(0, 0);
  try {
    await route.page(context(main, params));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    clear(main, h('div', { class: 'notice error' }, e.message || '出错了，请刷新重试'));
  }
}

function shell(route, main) {
  const me = session.me;
  const current = route.section ?? route.path;
  const links = routes.filter((r) => r.nav && (!r.admin || me.isAdmin));
  const navLinks = links.map((r) => h('a', { href: BASE + (r.path === '/' ? '/' : r.path), class: r.path === current ? 'active' : '', 'aria-current': r.path === current ? 'page' : null }, r.nav));

  const branchPicker = me.isAdmin && me.branches?.length
    ? h('select', { class: 'branch-picker', 'aria-label': '选择支部', onchange: (e) => { chooseBranch(e.target.value); render(); } },
      me.branches.map((b) => h('option', { value: b.id, selected: b.id === session.branchId }, b.name)))
    : h('span', { class: 'branch-name' }, session.branchName);

  const menu = h('button', { type: 'button', class: 'menu-toggle', 'aria-label': '菜单', 'aria-expanded': 'false', onclick: (e) => {
    const open = document.body.classList.toggle('nav-open');
    e.currentTarget.setAttribute('aria-expanded', String(open));
  } }, h('span'), h('span'), h('span'));

  return h('div', { class: 'layout' },
    h('header', { class: 'topbar' },
      menu,
      h('a', { href: `${BASE}/`, class: 'brand' }, h('span', { class: 'brand-mark' }, '党'), h('span', null, '支部助手')),
      h('div', { class: 'topbar-right' },
        branchPicker,
        h('span', { class: 'who' }, me.name, me.isAdmin ? '（管理员）' : '（书记）'),
        h('button', { type: 'button', class: 'btn ghost small', onclick: async () => { await signOut(); navigate('/login'); } }, '退出'))),
    h('nav', { class: 'sidenav', 'aria-label': '主导航' }, navLinks),
    h('div', { class: 'content' },
      me.demo ? h('div', { class: 'demo-banner', role: 'note' }, '当前为演示数据（示例党员、示例会议），可放心试用；正式使用前请导入本单位名单。') : null,
      main));
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(`${BASE}/`)) return;
  e.preventDefault();
  document.body.classList.remove('nav-open');
  navigate(url.pathname.slice(BASE.length) + url.search);
});

window.addEventListener('popstate', () => render());

whenUnauthorized(() => {
  setToken(null);
  session.me = null;
  toast('登录已过期，请重新登录', 'warn');
  navigate('/login', { replace: true });
});

async function start() {
  // A sign-in link: /console/#token=...
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    history.replaceState(null, '', location.pathname);
    // Never silently replace whoever is signed in here: a link someone sent would otherwise swap the session.
    let current = null;
    if (getToken()) {
      try {
        current = await api.get('/me');
      } catch {
        current = null;
      }
    }
    if (!current || window.confirm(`此浏览器已登录为「${current.name}」。是否改用登录链接以管理员身份登录？`)) {
      try {
        await signIn({ token });
      } catch (e) {
        toast(e.message, 'error');
      }
    } else {
      toast('已保留当前登录，登录链接未使用', 'warn');
    }
  }
  await render();
}

start();
