import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { api, query } from '../api.js';
import { h, clear, table, empty, loading } from '../dom.js';
import { session } from '../session.js';
import { importPanel } from './import.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const PERIODS = [['week', '本周'], ['month', '本月'], ['all', '累计']];

export async function studyPage({ main, onLeave }) {
  const state = { period: 'week', scope: 'branch' };
  const rankings = h('div', null, loading());
  const periodTabs = h('div', { class: 'segmented' });
  const scopeTabs = h('div', { class: 'segmented' });
  const canvas = h('canvas', { id: 'participation-chart', 'aria-label': '每日参与人数' });
  const chartNote = h('p', { class: 'muted' });
  const wrong = h('div', null, loading());
  const bank = h('p', { class: 'muted' });
  let chart;
  onLeave(() => chart?.destroy());

  clear(main,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, '学习'), h('p', { class: 'sub' }, '答题积分排行与参与情况'))),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' },
        h('header', { class: 'card-head' }, h('h2', null, '积分排行'), h('div', { class: 'actions' }, scopeTabs, periodTabs)),
        rankings),
      h('section', { class: 'card' },
        h('header', { class: 'card-head' }, h('h2', null, '每日参与人数'), h('small', { class: 'muted' }, '近 30 天')),
        h('div', { class: 'chart-box' }, canvas),
        chartNote)),
    h('div', { class: 'grid-2' },
      h('section', { class: 'card' }, h('h2', null, '错得最多的题'), wrong),
      h('section', null,
        h('div', { class: 'card' }, h('h2', null, '题库'), bank),
        session.me.isAdmin ? importPanel({
          title: '导入题库',
          hint: 'Excel（.xlsx，第一个工作表）或 CSV（表头：题型,题干,A,B,C,D,E,F,答案,解析,分类,难度），也可用 JSON 文件。有任何一行出错都不会写入，请按提示改正后重传。',
          accept: '.xlsx,.csv,.json,text/csv,application/json',
          checkFirst: false,
          path: (_, name) => `/questions/import${query({ name })}`,
          summary: (r) => `新增 ${r.added ?? 0} 题，更新 ${r.updated ?? 0} 题，题库共 ${r.total ?? 0} 题`,
          done: () => loadBank(),
        }) : null)));

  const drawTabs = () => {
    clear(periodTabs, PERIODS.map(([value, label]) => h('button', { type: 'button', class: state.period === value ? 'active' : '', onclick: () => { state.period = value; drawTabs(); loadRankings(); } }, label)));
    clear(scopeTabs, [['branch', '本支部'], ['org', '全组织']].map(([value, label]) => h('button', { type: 'button', class: state.scope === value ? 'active' : '', onclick: () => { state.scope = value; drawTabs(); loadRankings(); loadChart(); } }, label)));
  };
  const branchParam = () => (state.scope === 'org' ? '' : session.branchId);

  async function loadRankings() {
    clear(rankings, loading());
    try {
      const r = await api.get(`/study/rankings${query({ branchId: branchParam(), period: state.period })}`);
      clear(rankings,
        h('p', { class: 'muted' }, `参与 ${r.participants ?? r.items.length} 人`),
        r.items.length ? table([
          { label: '名次', class: 'num', render: (i) => h('span', { class: `rank rank-${i.rank}` }, i.rank) },
          { label: '姓名', render: (i) => i.name },
          { label: '支部', render: (i) => i.branchName },
          { label: '积分', class: 'num', render: (i) => i.points },
        ], r.items, null, { keep: true }) : empty('这段时间还没有人答题。'));
    } catch (e) {
      clear(rankings, h('p', { class: 'notice error' }, e.message));
    }
  }

  async function loadChart() {
    try {
      const { days } = await api.get(`/study/participation${query({ branchId: branchParam(), days: 30 })}`);
      const labels = days.map((d) => d.date.slice(5).replace('-', '/'));
      const data = days.map((d) => d.participants);
      chartNote.textContent = `日均 ${(data.reduce((a, b) => a + b, 0) / Math.max(1, data.length)).toFixed(1)} 人，最多 ${Math.max(0, ...data)} 人`;
      chart?.destroy();
      chart = new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: [{ label: '参与人数', data, backgroundColor: 'rgba(200, 16, 46, 0.72)', hoverBackgroundColor: '#c8102e', borderRadius: 3, maxBarThickness: 18 }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } } },
        },
      });
    } catch (e) {
      chartNote.textContent = e.message;
    }
  }

  async function loadWrong() {
    try {
      const list = await api.get('/study/wrong-questions?count=10');
      clear(wrong, list.length ? h('ol', { class: 'wrong-list' }, list.map((q) => h('li', null,
        h('p', null, q.text),
        h('small', null, `${q.category || '未分类'} · 答错 ${q.wrong} 次`)))) : empty('还没有答错记录。'));
    } catch (e) {
      clear(wrong, h('p', { class: 'notice error' }, e.message));
    }
  }

  async function loadBank() {
    try {
      const s = await api.get('/questions/summary');
      bank.textContent = `共 ${s.total} 题：${s.categories.map((c) => `${c.name} ${c.count}`).join('，')}`;
    } catch (e) {
      bank.textContent = e.message;
    }
  }

  drawTabs();
  await Promise.all([loadRankings(), loadChart(), loadWrong(), loadBank()]);
}
