import { api, query } from '../api.js';
import { h, clear, empty, loading, button, toast } from '../dom.js';
import { session } from '../session.js';
import { deliveryTable } from './meetings.js';

const FILTERS = [['', '全部'], ['failed', '失败'], ['sms', '转短信'], ['sent', '已送达'], ['skipped', '已跳过']];

export async function deliveriesPage({ main }) {
  const state = { status: new URLSearchParams(location.search).get('status') ?? '' };
  const list = h('div', null, loading());
  const tabs = h('div', { class: 'segmented' });
  clear(main,
    h('div', { class: 'page-head' },
      h('div', null, h('h1', null, '投递'), h('p', { class: 'sub' }, `${session.branchName} · 近 30 天的提醒与通知`)),
      h('div', { class: 'actions' }, tabs)),
    list);

  const drawTabs = () => clear(tabs, FILTERS.map(([value, label]) => h('button', { type: 'button', class: state.status === value ? 'active' : '', onclick: () => { state.status = value; drawTabs(); load(); } }, label)));

  async function load() {
    const sms = state.status === 'sms';
    const [{ items: all }, problems] = await Promise.all([
      api.get(`/deliveries${query({ branchId: session.branchId, status: sms ? 'sent' : state.status, days: 30 })}`),
      api.get('/deliveries/problems'),
    ]);
    const items = sms ? all.filter((i) => i.channel === 'Sms') : all;
    const failed = items.filter((i) => i.status.toLowerCase() === 'failed').length;
    clear(list,
      problems.map(problemNotice),
      failed ? h('p', { class: 'notice warn' }, `有 ${failed} 条通知发送失败，可点「重发」再试一次。`) : null,
      items.length ? deliveryTable(items, retryButton) : empty('这段时间没有投递记录。'));
  }

  /** A refusal caused by the settings: shown once, however many members it hit; an admin marks it fixed. */
  function problemNotice(problem) {
    const fixed = problem.key
      ? button('已处理', async (e) => {
        e.currentTarget.disabled = true;
        try {
          await api.del(`/deliveries/problems/${encodeURIComponent(problem.key)}`);
          toast('已标记为已处理');
          await load();
        } catch (err) {
          e.currentTarget.disabled = false;
          toast(err.message, 'error');
        }
      }, 'small secondary')
      : null;
    return h('div', { class: 'notice error problem' },
      h('strong', null, `配置问题（${problem.channelName}）`),
      h('p', null, problem.message),
      h('p', { class: 'sub' }, `影响 ${problem.count} 条通知 · 首次 ${problem.firstSeenText} · 最近 ${problem.lastSeenText}`),
      problem.setting ? h('p', { class: 'sub mono' }, `${problem.setting} · ${problem.code}：${problem.detail}`) : null,
      fixed);
  }

  function retryButton(item) {
    return button('重发', async (e) => {
      const b = e.currentTarget;
      b.disabled = true;
      try {
        const result = await api.post('/deliveries/retry', { meetingId: item.meetingId, jobId: item.jobId });
        b.textContent = '已重新排队';
        toast(result?.message ?? '已重新排队，稍后查看结果');
      } catch (err) {
        b.disabled = false;
        toast(err.message, 'error');
      }
    }, 'small secondary');
  }

  drawTabs();
  await load();
}
