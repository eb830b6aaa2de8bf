// Writes PNGs of every console page at phone and laptop widths into screenshots/ (node screenshots.mjs).
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { branches, keys, launchBrowser, signInWithKey, startBot } from './harness.mjs';

const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'screenshots');
const widths = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 900 } };

// Without a CJK font every Chinese character renders as a box; say so rather than write useless pictures.
let cjkFonts = '';
try {
  cjkFonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
} catch {
  cjkFonts = '';
}
if (!cjkFonts) {
  console.error('No Chinese font found (fc-list :lang=zh): run "apt-get install -y fonts-wqy-microhei" first.');
  process.exit(1);
}

const bot = await startBot();
const browser = await launchBrowser();
try {
  await mkdir(out, { recursive: true });

  // Something to show: a meeting with check-ins, and a competition room.
  const start = new Date(Date.now() + 10 * 60_000).toISOString();
  const meeting = (await bot.api('POST', '/meetings', keys.admin, { branchId: branches.first.id, type: 'ThemeDay', title: '主题党日：重温入党誓词', start, place: '三楼会议室' })).body;
  await bot.api('POST', '/meetings', keys.admin, { branchId: branches.first.id, type: 'PartyLecture', title: '党课：学习新修订的党章', start: new Date(Date.now() + 3 * 86400_000).toISOString(), place: '二楼报告厅' });
  for (const [openId, name, phone] of [['shot-lisi', '李四', '0002'], ['shot-wutao', '吴涛', '0010'], ['shot-zhaolei', '赵磊', '0007']]) {
    await bot.say(openId, `绑定 ${name} ${phone}`);
    const { body } = await bot.api('GET', `/meetings/${meeting.id}/checkin-code`, keys.admin);
    await bot.say(openId, `签到 ${body.code}`);
  }
  await bot.say('shot-liuyang', '绑定 刘洋 0004');
  await bot.say('shot-liuyang', '请假 出差');
  await bot.api('POST', '/accounts', keys.admin, { name: '张三', branchId: branches.first.id, password: 'screenshot-password-1' });
  await bot.api('POST', '/accounts', keys.admin, { name: '组织部管理员', password: 'screenshot-password-2' });
  const room = await bot.api('POST', '/competitions', keys.admin, { branchId: branches.first.id, title: '党章知识竞赛', questions: 3, seconds: 10, team: false, manual: true });
  const roomId = room.status === 201 ? room.body.id : null;
  if (roomId) for (const openId of ['shot-lisi', 'shot-wangfang', 'shot-chenjing', 'shot-liuyang']) await bot.say(openId, `参赛 ${room.body.code}`);

  const pages = [
    ['login', '/login', { signedOut: true }],
    ['overview', '/'],
    ['members', '/members'],
    ['members-former', '/members', { prepare: showFormerMembers }],
    ['members-leave', '/members', { prepare: showLeaveForm }],
    ['members-import', '/members', { prepare: showImportMissing }],
    ['meetings', '/meetings'],
    ['meetings-calendar', '/meetings?view=calendar'],
    ['meeting-new', '/meetings/new', { prepare: showFieldError }],
    ['meeting-detail', `/meetings/${meeting.id}`],
    ['checkin-screen', `/meetings/${meeting.id}/screen`],
    ['meeting-record', `/meetings/${meeting.id}/record`],
    ['meeting-record-signed', '/meetings/mtdemopast/record'],
    ['compliance', '/compliance'],
    ['stars', '/stars'],
    ['bulletins', '/bulletins'],
    ['study', '/study'],
    ['points', '/points'],
    ['makeups', '/makeups'],
    ['talks', '/talks'],
    ['competitions', '/competitions'],
    ...(roomId ? [['competition-room', `/competitions/${roomId}`]] : []),
    ['deliveries', '/deliveries'],
    ['accounts', '/accounts'],
    ['audit', '/audit'],
  ];

  for (const [size, viewport] of Object.entries(widths)) {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${bot.url}/console/login`);
    await page.evaluate(() => localStorage.clear());
    await page.screenshot({ path: path.join(out, `${size}-login.png`) });
    await signInWithKey(page, bot, keys.admin);
    await page.evaluate((id) => localStorage.setItem('branchbot.branch', id), branches.first.id);
    for (const [name, route, options] of pages) {
      if (options?.signedOut) continue;
      try {
        await page.goto(`${bot.url}/console${route}`);
        await page.locator('#main').waitFor();
        await page.waitForLoadState('networkidle', { timeout: 4000 }).catch(() => {});
        await options?.prepare?.(page);
        await page.waitForTimeout(600);
        await page.screenshot({ path: path.join(out, `${size}-${name}.png`), fullPage: !name.endsWith('screen') });
        console.log(`${size}-${name}.png`);
      } catch (e) {
        console.error(`${size}-${name}: ${e.message}`);
      }
    }
    if (roomId && size === 'laptop') await competitionScreens(page);
    await page.close();
  }
  console.log(`screenshots in ${out}`);

  /** The former members of 示例第二党支部 (the demo's 转出) with one member's history open. */
  async function showFormerMembers(page) {
    await page.evaluate((id) => localStorage.setItem('branchbot.branch', id), branches.second.id);
    await page.reload();
    await page.locator('select[name=former]').selectOption('true');
    await page.locator('tr', { hasText: '梁军' }).getByRole('button', { name: '履历' }).click();
    await page.locator('.card', { hasText: '履历' }).waitFor();
    await page.evaluate((id) => localStorage.setItem('branchbot.branch', id), branches.first.id);
  }

  /** The 离开 form for a member (not submitted). */
  async function showLeaveForm(page) {
    await page.locator('tr', { hasText: '李四' }).getByRole('button', { name: '离开' }).click();
    await page.locator('form.action-form').waitFor();
  }

  /** The import check of a file that leaves members out: the missing list and the explicit choice. */
  async function showImportMissing(page) {
    await page.getByRole('button', { name: '导入名单' }).click();
    const csv = '姓名,手机号,组织,党小组,状态,角色\n张三,13900000001,示例机关党委/示例第一党支部,第一党小组,正式,书记\n';
    await page.locator('#roster-import input[type=file]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#roster-import').getByText(/名单中没有/).waitFor();
  }

  /** The meeting form after a submit with a time in the past: the message sits beside the field. */
  async function showFieldError(page) {
    await page.locator('input[name=start]').fill(new Date(Date.now() - 3600_000 + 8 * 3600_000).toISOString().slice(0, 16));
    await page.locator('input[name=place]').fill('三楼会议室');
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.locator('#start-error').filter({ hasText: /\S/ }).waitFor();
  }

  /** The big screen at both widths: the lobby, an open question with members answering, its results, the podium. */
  async function competitionScreens(page) {
    const shoot = async (name, ready) => {
      await page.goto(`${bot.url}/console/competitions/${roomId}/screen`);
      await page.locator(ready).first().waitFor();
      await page.waitForTimeout(500);
      for (const [size, viewport] of Object.entries(widths)) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(out, `${size}-competition-screen-${name}.png`) });
      }
      console.log(`competition-screen-${name}`);
    };
    await shoot('lobby', '.lobby');
    await bot.api('POST', `/competitions/${roomId}/start`, keys.admin);
    await new Promise((r) => setTimeout(r, 1500));
    const { body: open } = await bot.api('GET', `/competitions/${roomId}`, keys.admin);
    const answers = open.current?.typeName === '判断' ? ['对', '错', '对', '错'] : ['A', 'B', 'C', 'D'];
    for (const [i, openId] of ['shot-lisi', 'shot-wangfang', 'shot-chenjing', 'shot-liuyang'].entries()) await bot.say(openId, answers[i]);
    await shoot('question', '.question-panel');
    for (let i = 0; i < 30 && (await bot.api('GET', `/competitions/${roomId}`, keys.admin)).body.phase === 'Open'; i++) await new Promise((r) => setTimeout(r, 500));
    await shoot('results', '.question-panel');
    await bot.api('POST', `/competitions/${roomId}/end`, keys.admin);
    await shoot('podium', '.podium, .screen-body');
  }
} finally {
  await browser.close();
  await bot.stop();
}
