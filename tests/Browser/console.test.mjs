// The secretary's console in a real browser against the real bot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { branches, chinaLocal, keys, openTab, signInWithKey, withBotAndBrowser } from './harness.mjs';

let bot;
let browser;
withBotAndBrowser((b, br) => {
  bot = b;
  browser = br;
});

const newPage = () => openTab(browser);

/** A meeting of the first branch starting soon, so check-in is open. */
async function meetingSoon(title) {
  const start = new Date(Date.now() + 10 * 60_000).toISOString();
  const created = await bot.api('POST', '/meetings', keys.first, { branchId: branches.first.id, type: 'ThemeDay', title, start, place: '三楼会议室' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

async function bind(openId, command) {
  const reply = await bot.say(openId, command);
  assert.match(reply ?? '', /绑定成功|已绑定|欢迎/, `binding reply: ${reply}`);
}

test('sign in: a wrong key is refused beside the field, the right one opens the console', async () => {
  const page = await newPage();
  await page.goto(`${bot.url}/console/login`);
  await page.getByRole('tab', { name: '访问密钥' }).click();
  await page.locator('input[name=token]').fill('not-a-key-of-this-bot-000000');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#token-error').filter({ hasText: /无效|不正确/ }).waitFor();

  await signInWithKey(page, bot, keys.admin);
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  const nav = await page.locator('.sidenav a').allTextContents();
  for (const item of ['概览', '党员', '会议', '三会一课', '学习', '竞赛', '投递', '账号', '审计']) assert.ok(nav.includes(item), `nav has ${item}: ${nav}`);

  const response = await fetch(`${bot.url}/console/`);
  assert.match(response.headers.get('content-security-policy'), /script-src 'self'.*frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  await page.close();
});

test("sign in: the start-up link signs an administrator in; a secretary's account with its password sees only its branch", async () => {
  const link = /控制台登录链接[^：]*：(\S+#token=\S+)/.exec(bot.log)?.[1];
  assert.ok(link, `the bot prints a sign-in link:\n${bot.log}`);
  const page = await newPage();
  await page.goto(link.replace(/^http:\/\/[^/]+/, bot.url));
  await page.locator('.topbar').waitFor();
  assert.ok(!new URL(page.url()).hash.includes('token'), 'the token leaves the address bar');
  assert.ok(await page.locator('.sidenav a', { hasText: '账号' }).count());
  await page.locator('.sidenav a', { hasText: '账号' }).click();
  await page.locator('#menu-card').filter({ hasText: '检查通过' }).waitFor();
  assert.ok((await page.locator('#menu-card .menu-tree').textContent()).includes('待批请假'), 'the accounts page shows the shipped menus');

  const created = await bot.api('POST', '/accounts', keys.admin, { name: '一支书记', branchId: branches.first.id, password: 'correct-horse-battery' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.getByRole('button', { name: '退出' }).click();
  await page.locator('input[name=name]').fill('一支书记');
  await page.locator('input[name=password]').fill('wrong-password-123');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#password-error').filter({ hasText: '用户名或密码不正确' }).waitFor();

  await page.locator('input[name=password]').fill('correct-horse-battery');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.topbar .who').filter({ hasText: '一支书记' }).waitFor();
  assert.equal(await page.locator('.topbar .branch-name').textContent(), branches.first.name);
  assert.equal(await page.locator('.sidenav a', { hasText: '账号' }).count(), 0);
  await page.close();
});

test('meeting form: a past time is flagged beside the field, a good meeting is created and changed', async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/new`);
  const form = (await bot.api('GET', '/meeting-form', keys.first)).body;
  const options = await page.locator('select[name=type] option').evaluateAll((list) => list.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, form.types.map((t) => [t.value, t.name]), 'the meeting types are the API\'s');
  assert.equal(await page.locator('input[name=place]').getAttribute('maxlength'), String(form.maxPlaceLength));
  await page.locator('select[name=type]').selectOption('PartyLecture');
  await page.locator('input[name=title]').fill('党课：学习党章');
  await page.locator('input[name=start]').fill(chinaLocal(-60));
  await page.locator('input[name=place]').fill('二楼报告厅');
  await page.getByRole('button', { name: '创建会议' }).click();
  await page.locator('#start-error').filter({ hasText: '会议时间已过' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/meetings/new');

  await page.locator('input[name=start]').fill(chinaLocal(24 * 60));
  await page.locator('input[name=end]').fill(chinaLocal(24 * 60 - 30));
  await page.getByRole('button', { name: '创建会议' }).click();
  await page.locator('#end-error').filter({ hasText: '结束时间要晚于开始时间' }).waitFor();

  await page.locator('input[name=end]').fill('');
  await page.locator('input[name=place]').fill('');
  await page.getByRole('button', { name: '创建会议' }).click();
  await page.locator('#place-error').filter({ hasText: '请填写会议地点' }).waitFor();
  assert.equal(await page.locator('#end-error').textContent(), '', 'only the field the server names shows a message');

  await page.locator('input[name=place]').fill('二楼报告厅');
  await page.getByRole('button', { name: '创建会议' }).click();
  await page.waitForURL(/\/console\/meetings\/mt[0-9a-f]+$/);
  await page.getByRole('heading', { name: '党课：学习党章' }).waitFor();
  assert.match(await page.locator('.stats').innerText(), /应到\s*10/);

  await page.getByRole('link', { name: '修改' }).click();
  await page.locator('input[name=place]').fill('三楼多功能厅');
  await page.getByRole('button', { name: '保存修改' }).click();
  await page.locator('.sub', { hasText: '三楼多功能厅' }).waitFor();

  const list = await bot.api('GET', `/meetings?branchId=${branches.first.id}`, keys.first);
  assert.ok(list.body.some((m) => m.title === '党课：学习党章' && m.place === '三楼多功能厅'));
  await page.close();
});

test('check-in screen: a member checks in with the code on the screen and the count rises', async () => {
  const meeting = await meetingSoon('主题党日（签到测试）');
  await bind('openid-lisi', '绑定 李四 0002');

  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/${meeting.id}/screen`);
  const count = page.locator('#present-count');
  await page.locator('#checkin-code').filter({ hasText: /^\d{6}$/ }).waitFor();
  assert.equal(await count.textContent(), '0');
  await page.locator('.screen-qr img').waitFor();

  const code = await page.locator('#checkin-code').textContent();
  const reply = await bot.say('openid-lisi', `签到 ${code}`);
  assert.match(reply ?? '', /签到成功|已签到|迟到/, `check-in reply: ${reply}`);
  await page.locator('#present-count').filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
  await page.locator('.screen-recent').filter({ hasText: '李四' }).waitFor();
  await page.close();
});

test('attendance: the CSV download lists the member who checked in', async () => {
  const meeting = await meetingSoon('主题党日（导出测试）');
  await bind('openid-wutao', '绑定 吴涛 0010');
  const { body: current } = await bot.api('GET', `/meetings/${meeting.id}/checkin-code`, keys.first);
  assert.match((await bot.say('openid-wutao', `签到 ${current.code}`)) ?? '', /签到/);

  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/${meeting.id}`);
  await page.locator('.stats').filter({ hasText: /实到\s*1/ }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const row = csv.split(/\r?\n/).find((line) => line.includes('吴涛'));
  assert.ok(row, `CSV has 吴涛:\n${csv}`);
  assert.match(row, /已签到|迟到/);
  assert.match(row, /签到码/);
  await page.close();
});

test('members: search, a roster with bad rows is refused row by row, a binding code binds, unbind', async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/members`);
  await page.locator('input[name=q]').fill('杨帆');
  await page.waitForFunction(() => document.querySelectorAll('.table tbody tr').length === 1);
  assert.match(await page.locator('.table tbody tr').innerText(), /杨帆/);

  await page.getByRole('button', { name: '导入名单' }).click();
  const header = '姓名,手机号,组织,党小组,状态,角色\n';
  const upload = (rows) => page.locator('#roster-import input[type=file]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(header + rows, 'utf8') });
  const result = page.locator('#roster-import .import-result');
  await upload('新同志,1390000,示例机关党委/示例第一党支部,第一党小组,正式,党员\n');
  await result.filter({ hasText: /第 2 行\s*手机号/ }).waitFor();
  assert.match(await result.innerText(), /没有写入/);
  await upload('新同志,13900000098,示例机关党委/示例第一党支部,第一党小组,正式,党员\n外支部,13900000099,示例机关党委/示例第二党支部,第一党小组,正式,党员\n');
  await result.filter({ hasText: /第 3 行/ }).waitFor();
  assert.doesNotMatch(await result.innerText(), /第 2 行/);
  assert.equal((await bot.api('GET', '/members?q=新同志', keys.first)).body.total, 0);

  const row = page.locator('.table tbody tr').filter({ hasText: '杨帆' });
  await row.getByRole('button', { name: '绑定码' }).click();
  const code = (await page.locator('.code-notice .big-code').textContent()).trim();
  assert.match(code, /^\d{6}$/);
  assert.match((await bot.say('openid-yangfan', `绑定 ${code}`)) ?? '', /绑定成功/);
  await page.reload();
  await page.locator('input[name=q]').fill('杨帆');
  await row.filter({ hasText: '已绑定' }).waitFor();

  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: '解绑' }).click();
  await row.filter({ hasText: '未绑定' }).waitFor();
  await page.close();
});

test('leave and deliveries: the secretary approves a leave asked in chat, and re-sends a failed notice once', async () => {
  const meeting = await meetingSoon('主题党日（请假测试）');
  await bind('openid-zhaolei', '绑定 赵磊 0007');
  const { body: meetings } = await bot.api('GET', `/meetings?branchId=${branches.first.id}`, keys.first);
  const upcoming = meetings.filter((m) => m.status === 'Scheduled' && new Date(m.start) > Date.now()).sort((a, b) => new Date(a.start) - new Date(b.start));
  const number = upcoming.findIndex((m) => m.id === meeting.id) + 1;
  assert.match((await bot.say('openid-zhaolei', `请假 ${number} 出差`)) ?? '', /请假/);

  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/${meeting.id}`);
  const row = page.locator('.table-wrap').first().locator('tbody tr', { hasText: '赵磊' });
  await row.locator('.badge', { hasText: '请假待批' }).waitFor();
  await row.getByRole('button', { name: '批准' }).click();
  await row.locator('.badge', { hasText: /^请假$/ }).waitFor();
  assert.match(await page.locator('.stats').innerText(), /请假\s*1/);

  const { body: failed } = await bot.api('GET', `/deliveries?branchId=${branches.first.id}&status=failed`, keys.first);
  const first = failed.items.find((i) => i.retryable);
  assert.ok(first, 'the demo data has a failed notice to retry');
  await page.goto(`${bot.url}/console/deliveries?status=failed`);
  const retry = page.locator('tbody tr', { hasText: first.name }).getByRole('button', { name: '重发' }).first();
  await retry.click();
  await page.getByRole('button', { name: '已重新排队' }).first().waitFor();
  const again = await bot.api('POST', '/deliveries/retry', keys.first, { meetingId: first.meetingId, jobId: first.jobId });
  assert.ok(again.status === 409 || again.body.queued === false, `a second retry sends nothing: ${JSON.stringify(again)}`);
  await page.close();
});

test('deliveries: a refusal our settings caused is one 配置问题 notice; a secretary sees it, an admin marks it fixed', async () => {
  const secretary = await newPage();
  await signInWithKey(secretary, bot, keys.first);
  await secretary.goto(`${bot.url}/console/deliveries`);
  const notice = secretary.locator('.notice.problem');
  await notice.first().waitFor();
  assert.equal(await notice.count(), 1);
  assert.match(await notice.innerText(), /配置问题（短信）[\s\S]*影响 3 条通知/);
  assert.equal(await notice.getByRole('button', { name: '已处理' }).count(), 0, 'a secretary cannot dismiss it');
  assert.doesNotMatch(await notice.innerText(), /Sms:Templates/, 'a secretary is not shown the settings');
  await secretary.close();

  const admin = await newPage();
  await signInWithKey(admin, bot, keys.admin);
  await admin.goto(`${bot.url}/console/deliveries`);
  const adminNotice = admin.locator('.notice.problem');
  await adminNotice.first().waitFor();
  assert.match(await adminNotice.innerText(), /Sms:Templates:MeetingChanged/);
  await adminNotice.getByRole('button', { name: '已处理' }).click();
  await adminNotice.waitFor({ state: 'detached' });
  const { body: left } = await bot.api('GET', '/deliveries/problems', keys.admin);
  assert.deepEqual(left, []);
  await admin.close();
});

test('competitions: a room made through the form shows its code, starts, and the big screen shows the question', async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/competitions`);
  await page.locator('input[name=questions]').fill('80');
  await page.getByRole('button', { name: '创建竞赛房间' }).click();
  await page.locator('#questions-error').filter({ hasText: '1–50' }).waitFor();
  await page.locator('input[name=questions]').fill('3');
  await page.locator('input[name=title]').fill('党史'.repeat(16));
  await page.getByRole('button', { name: '创建竞赛房间' }).click();
  await page.locator('#title-error').filter({ hasText: '不能超过' }).waitFor();
  assert.equal(await page.locator('#questions-error').textContent(), '', 'the corrected field no longer shows its message');
  await page.locator('input[name=title]').fill('党史知识竞赛');
  await page.getByRole('button', { name: '创建竞赛房间' }).click();
  await page.waitForURL(/\/console\/competitions\/[^/]+$/);
  const code = (await page.locator('#room-code').textContent()).trim();
  assert.match(code, /^\d{6}$/);
  await page.locator('.room-join img.qr').waitFor();

  await bind('openid-huangli', '绑定 黄丽 0008');
  assert.match((await bot.say('openid-huangli', `参赛 ${code}`)) ?? '', /已加入/);
  const screen = await newPage();
  await screen.goto(`${page.url()}/screen`);
  await screen.locator('.lobby .screen-code', { hasText: code }).waitFor();

  await page.getByRole('button', { name: '开始' }).click();
  await screen.locator('.question-panel .question-text').filter({ hasText: /\S/ }).waitFor();
  assert.match(await screen.locator('.question-panel .screen-label').innerText(), /第 1 \/ 3 题/);
  await page.close();
  await screen.close();
});

test('study: rankings, the participation chart, and a question bank with a bad row refused row by row', async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.admin);
  await page.goto(`${bot.url}/console/study`);
  await page.locator('#participation-chart').waitFor();
  await page.getByRole('button', { name: '全组织' }).click();
  await page.getByRole('button', { name: '累计' }).click();
  await page.locator('.card', { hasText: '积分排行' }).locator('tbody tr').first().waitFor();

  const bank = '题型,题干,A,B,C,D,E,F,答案,解析,分类,难度\n单选,党的最高领导机关是（ ）。,全国代表大会和中央委员会,国务院,,,,,A,,党章,1\n单选,没有答案的题（ ）。,甲,乙,,,,,Z,,党章,1\n';
  await page.locator('.import input[type=file]').setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(bank, 'utf8') });
  await page.locator('.import .import-result td', { hasText: '第 3 行' }).waitFor();
  assert.match(await page.locator('.import .import-result').innerText(), /没有写入/);
  await page.close();
});

test("a branch secretary is refused another branch's data", async () => {
  const own = await bot.api('GET', `/meetings?branchId=${branches.first.id}`, keys.first);
  assert.equal(own.status, 200);
  const other = await bot.api('GET', `/meetings?branchId=${branches.second.id}`, keys.first);
  assert.equal(other.status, 403);
  assert.match(other.headers.get('content-type'), /^application\/problem\+json/);
  assert.match(other.body.detail, /无权|权限/);

  const meeting = await bot.api('POST', '/meetings', keys.second, { branchId: branches.second.id, type: 'Committee', start: new Date(Date.now() + 86400_000).toISOString(), place: '会议室' });
  assert.equal(meeting.status, 201);
  for (const route of [`/meetings/${meeting.body.id}`, `/meetings/${meeting.body.id}/attendance`, `/meetings/${meeting.body.id}/attendance.csv`, `/meetings/${meeting.body.id}/checkin-code`]) {
    const response = await bot.api('GET', route, keys.first);
    assert.equal(response.status, 403, route);
  }
  const members = await bot.api('GET', `/members?branchId=${branches.second.id}`, keys.first);
  assert.equal(members.status, 403);
  const create = await bot.api('POST', '/meetings', keys.first, { branchId: branches.second.id, type: 'Committee', start: new Date(Date.now() + 86400_000).toISOString(), place: '会议室' });
  assert.equal(create.status, 403);

  const page = await newPage();
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/${meeting.body.id}`);
  await page.locator('.notice.error').filter({ hasText: /无权|权限/ }).waitFor();
  await page.close();
});
