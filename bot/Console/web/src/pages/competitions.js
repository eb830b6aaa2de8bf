import { api, newRequestKey, query } from '../api.js';
import { h, clear, field, clearErrors, showError, table, badge, button, busy, empty, loading, toast, formatDateTime, fullscreenButton } from '../dom.js';
import { session } from '../session.js';
import { qrFromResult } from '../qr.js';
import { noBranch } from './meetings.js';

/** How each phase is coloured; its name comes from the API. */
const PHASE_TONE = { Lobby: 'info', Open: 'ok', Review: 'ok', Paused: 'warn', Finished: 'muted' };

export async function competitionsPage({ main, navigate }) {
  if (!session.branchId) return noBranch(main);
  const categories = h('select', { name: 'category' }, h('option', { value: '' }, '全部分类'));
  api.get('/questions/summary').then((s) => categories.append(...s.categories.map((c) => h('option', { value: c.name }, `${c.name}（${c.count} 题）`))), () => {});
  const live = h('div', null, loading());
  const results = h('div', null, loading());
  const requestKey = newRequestKey();
  const form = h('form', { class: 'form', novalidate: true, onsubmit: create },
    field('竞赛名称', h('input', { name: 'title', placeholder: '不填则为「知识竞赛」' })),
    h('div', { class: 'field-row' },
      field('题目数', h('input', { name: 'questions', type: 'number', value: 10, inputmode: 'numeric' })),
      field('每题秒数', h('input', { name: 'seconds', type: 'number', value: 20, inputmode: 'numeric' }))),
    field('题目分类', categories),
    h('div', { class: 'checks' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'team' }), '按支部组队（团队赛）'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'manual' }), '手动切题（主持人点「下一题」）')),
    h('button', { type: 'submit', class: 'btn primary' }, '创建竞赛房间'));

  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '竞赛'), h('p', { class: 'sub' }, '知识竞赛：党员扫码或发送房间号参赛'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', null, '新建竞赛'), form),
      h('section', { class: 'card' }, h('h2', null, '进行中的房间'), live)),
    h('h2', null, '往期成绩'),
    results);

  async function create(e) {
    e.preventDefault();
    clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    // The server checks the numbers and the title and names the field at fault; blank means its default.
    const number = (value) => (value === '' ? null : Number(value));
    const questions = number(data.questions);
    const seconds = number(data.seconds);
    try {
      const room = await api.post('/competitions', {
        branchId: session.branchId, title: data.title.trim() || null, questions, seconds, category: data.category || null, team: data.team === 'on', manual: data.manual === 'on',
      }, { requestKey });
      toast(`房间已创建，房间号 ${room.code}`);
      navigate(`/competitions/${room.id}`);
    } catch (err) {
      showError(form, err.field, err.message);
    }
  }

  try {
    const rooms = await api.get(`/competitions/active${query({ branchId: session.branchId })}`);
    clear(live, rooms.length ? h('ul', { class: 'room-list' }, rooms.map((r) => h('li', null,
      h('a', { href: `/console/competitions/${r.id}` }, r.title),
      h('span', { class: 'muted' }, ` 房间号 ${r.code} · ${r.participants ?? 0} 人 `),
      badge(r.phaseName ?? '未开始', PHASE_TONE[r.phase] ?? 'info')))) : empty('没有进行中的房间。'));
  } catch (e) {
    clear(live, h('p', { class: 'muted' }, e.message));
  }

  const finished = (await api.get('/competitions?count=20')).filter((r) => r.branchId === session.branchId || session.me.isAdmin);
  clear(results, finished.length ? table([
    { label: '时间', render: (r) => formatDateTime(r.finishedAt) },
    { label: '竞赛', render: (r) => r.title },
    { label: '参赛', class: 'num', render: (r) => r.individuals.length },
    { label: '冠军', render: (r) => r.individuals[0] ? `${r.individuals[0].name}（${r.individuals[0].points} 分）` : '—' },
    { label: '团队第一', render: (r) => r.teams?.[0]?.name ?? '—' },
  ], finished) : empty('还没有举办过竞赛。'));
}

/** The host's control page: code, QR code, start/next/pause/resume/end, live standings. */
export async function competitionRoomPage({ main, params, every }) {
  const id = params.id;
  const info = h('div');
  const qr = h('div', { class: 'qr-box' });
  const controls = h('div', { class: 'control-buttons' });
  const standings = h('div');

  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('p', { class: 'crumb' }, h('a', { href: '/console/competitions' }, '竞赛'), ' / 房间'), h('h1', { id: 'room-title' }, '竞赛房间')),
      h('div', { class: 'actions' }, h('a', { href: `/console/competitions/${id}/screen`, class: 'btn primary', target: '_blank', rel: 'noopener' }, '打开大屏'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card room-join' }, info, qr),
      h('section', { class: 'card' }, h('h2', null, '主持'), controls, h('h2', null, '实时排名'), standings)));

  async function act(action, label) {
    try {
      const result = await api.post(`/competitions/${id}/${action}`);
      toast(result?.message ?? `已${label}`);
      await refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function refresh() {
    const r = await api.get(`/competitions/${id}`);
    document.getElementById('room-title').textContent = r.title;
    const phaseName = r.phaseName ?? '未开始';
    const phaseKind = PHASE_TONE[r.phase] ?? 'info';
    clear(info,
      h('p', { class: 'screen-label' }, '房间号'),
      h('strong', { class: 'big-code', id: 'room-code' }, r.code),
      h('p', null, `微信发送「参赛 ${r.code}」或扫码加入 · `, badge(phaseName, phaseKind)),
      h('p', { class: 'muted' }, `${r.participants} 人已加入 · 共 ${r.questions} 题 · 每题 ${r.seconds} 秒${r.teamMode ? ' · 团队赛' : ''}${r.question ? ` · 当前第 ${r.question} 题` : ''}`));
    const phase = r.phase ?? 'Lobby';
    clear(controls,
      phase === 'Lobby' ? button('开始', busy(() => act('start', '开始')), 'primary') : null,
      phase === 'Review' || (phase === 'Open') ? button('下一题', busy(() => act('next', '切到下一题')), 'secondary') : null,
      phase === 'Open' || phase === 'Review' ? button('暂停', busy(() => act('pause', '暂停')), 'ghost') : null,
      phase === 'Paused' ? button('继续', busy(() => act('resume', '继续')), 'primary') : null,
      phase !== 'Finished' ? button('结束', busy(async () => { if (confirm('确定结束这场竞赛吗？')) await act('end', '结束'); }), 'danger') : h('p', { class: 'muted' }, '竞赛已结束。'));
    const top = r.top ?? [];
    clear(standings, top.length ? table([
      { label: '名次', class: 'num', render: (s) => s.rank },
      { label: '姓名', render: (s) => s.name },
      { label: '得分', class: 'num', render: (s) => s.points },
    ], top, null, { keep: true }) : empty('还没有得分。'));
  }

  await refresh();
  try {
    clear(qr, qrFromResult(await api.get(`/competitions/${id}/qrcode`), '竞赛房间二维码'));
  } catch (e) {
    clear(qr, h('p', { class: 'muted' }, `二维码暂不可用：${e.message}`));
  }
  every(2000, () => refresh().catch(() => {}));
}

/** The big screen: the question and its options, the countdown, top 5, and the podium at the end. */
export async function competitionScreenPage({ main, params, every }) {
  const id = params.id;
  const root = h('div', { class: 'screen competition-screen' });
  clear(main, root);
  let qrNode = null;
  try {
    qrNode = qrFromResult(await api.get(`/competitions/${id}/qrcode`), '竞赛房间二维码');
  } catch {
    qrNode = null;
  }

  async function draw() {
    let r;
    try {
      r = await api.get(`/competitions/${id}`);
    } catch (e) {
      root.querySelector('.screen-status')?.replaceChildren(`连接中断，正在重试…（${e.message}）`);
      return;
    }
    const phase = r.phase ?? 'Lobby';
    const top = (r.top5 ?? r.top ?? []).slice(0, 5);
    const head = h('header', { class: 'screen-head' },
      h('div', null, h('h1', null, r.title), h('p', null, `房间号 ${r.code} · ${r.participants} 人参赛`)),
      h('div', { class: 'screen-tools' }, fullscreenButton(), h('a', { href: `/console/competitions/${id}`, class: 'screen-exit' }, '退出大屏')));

    let body;
    if (phase === 'Finished') {
      const podium = (r.podium?.length ? r.podium : top).slice(0, 3);
      body = podium.length === 0 ? h('div', { class: 'screen-body single' }, h('section', { class: 'screen-panel' }, h('p', { class: 'question-text' }, '竞赛结束，本场没有人得分'))) : h('div', { class: 'podium' }, [1, 0, 2].map((i) => podium[i] ? h('div', { class: `podium-step place-${i + 1}` },
        h('span', { class: 'podium-name' }, podium[i].name),
        h('span', { class: 'podium-points' }, `${podium[i].points} 分`),
        h('div', { class: 'podium-block' }, podium[i].rank ?? i + 1)) : null));
    } else if (phase === 'Lobby') {
      body = h('div', { class: 'screen-body lobby' },
        h('section', { class: 'screen-panel' }, h('p', { class: 'screen-label' }, '微信发送「参赛 + 房间号」'), h('div', { class: 'screen-code' }, r.code)),
        h('section', { class: 'screen-panel' }, h('p', { class: 'screen-label' }, '或扫码加入'), qrNode ? qrNode.cloneNode() : null),
        h('section', { class: 'screen-panel count-panel' }, h('p', { class: 'screen-label' }, '已加入'), h('strong', { class: 'screen-count' }, r.participants)));
    } else {
      const q = r.current ?? {};
      const text = q.text ?? '';
      const options = q.options ?? [];
      const secondsLeft = r.secondsLeft ?? null;
      body = h('div', { class: 'screen-body quiz' },
        h('section', { class: 'screen-panel question-panel' },
          h('p', { class: 'screen-label' }, `第 ${r.question} / ${r.questions} 题${q.typeName ? ` · ${q.typeName}` : ''}${phase === 'Paused' ? ' · 已暂停' : phase === 'Review' ? ' · 公布结果' : ''}`),
          h('p', { class: 'question-text' }, text || (phase === 'Review' ? '本题结束，请看排名' : '')),
          options.length ? h('ol', { class: 'options' }, options.map((o) => h('li', null, h('b', null, o.letter), o.text))) : null),
        h('section', { class: 'screen-panel count-panel' },
          phase === 'Open' && secondsLeft !== null ? [
            h('p', { class: 'screen-label' }, '倒计时'),
            h('strong', { class: `screen-count${secondsLeft <= 5 ? ' urgent' : ''}` }, secondsLeft),
          ] : h('p', { class: 'screen-label' }, phase === 'Paused' ? '已暂停' : '本题已结束'),
          r.answered !== undefined ? h('p', null, `已作答 ${r.answered} / ${r.participants}`) : null,
          h('h3', null, '前五名'),
          top.length ? h('ol', { class: 'top5' }, top.map((s) => h('li', null, h('span', null, s.name), h('b', null, s.points)))) : h('p', { class: 'screen-note' }, '还没有人得分')));
    }
    clear(root, head, body, h('p', { class: 'screen-status' }));
  }

  await draw();
  every(1000, draw);
}
