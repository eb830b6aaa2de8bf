// The meeting record (会议记录) editor in a real browser: edit, sign off (locked view), reopen with a reason, and the
// .docx/.xlsx downloads (type and size only; their contents are read back by the .NET tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { branches, keys, openTab, signInWithKey, withBotAndBrowser } from './harness.mjs';

let bot;
let browser;
withBotAndBrowser((b, br) => {
  bot = b;
  browser = br;
});

/** A meeting of the first branch that starts in a few seconds, so it can be signed off once it has begun. */
async function meetingStarting(title) {
  const start = new Date(Date.now() + 3_000).toISOString();
  const created = await bot.api('POST', '/meetings', keys.first, { branchId: branches.first.id, type: 'PartyCongress', title, start, place: '三楼会议室', agenda: ['学习党章'] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await new Promise((r) => setTimeout(r, 3_500));
  return created.body;
}

test('record: edit 议题 and minutes, sign off to a locked view, reopen with a reason, edit again', async () => {
  const meeting = await meetingStarting('十二月支部党员大会');
  const page = await openTab(browser);
  page.on('dialog', (d) => d.accept());
  await signInWithKey(page, bot, keys.first);

  await page.goto(`${bot.url}/console/meetings/${meeting.id}`);
  await page.getByRole('link', { name: '会议记录' }).click();
  await page.getByRole('heading', { name: /会议记录/ }).waitFor();
  assert.equal(await page.locator('.agenda-item').first().inputValue(), '学习党章');

  await page.getByRole('button', { name: '添加议题' }).click();
  await page.locator('.agenda-item').nth(1).fill('讨论发展对象');
  const options = await page.locator('select[name=recorderMemberId] option').allTextContents();
  assert.ok(options.length > 2, `the recorder picker lists the branch: ${options}`);
  await page.locator('select[name=recorderMemberId]').selectOption({ index: 1 });
  await page.locator('textarea[name=minutes]').fill('书记传达上级文件精神。');
  await page.locator('textarea[name=resolutions]').fill('同意发展对象名单');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#toast').filter({ hasText: '会议记录已保存' }).waitFor();

  // A second secretary saves first: the stale save is explained politely, nothing is lost silently.
  const current = (await bot.api('GET', `/meetings/${meeting.id}/record`, keys.admin)).body;
  assert.deepEqual(current.agenda, ['学习党章', '讨论发展对象']);
  assert.equal((await bot.api('PUT', `/meetings/${meeting.id}/record`, keys.admin, { version: current.version, minutes: '另一位书记的修改' })).status, 200);
  await page.locator('textarea[name=minutes]').fill('我的修改');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.form-error').filter({ hasText: '已被他人修改' }).waitFor();
  await page.reload();
  assert.equal(await page.locator('textarea[name=minutes]').inputValue(), '另一位书记的修改');

  await page.getByRole('button', { name: '签字确认' }).click();
  await page.locator('.record-locked').filter({ hasText: '会议记录已锁定' }).waitFor();
  assert.equal(await page.locator('textarea[name=minutes]').count(), 0, 'no editor once locked');
  await page.getByText('已签字确认', { exact: true }).waitFor();

  await page.getByRole('button', { name: '重新打开' }).click();
  await page.locator('#reason-error').filter({ hasText: '理由' }).waitFor();
  await page.locator('input[name=reason]').fill('补充决议表决结果');
  await page.getByRole('button', { name: '重新打开' }).click();
  await page.locator('textarea[name=minutes]').waitFor();
  await page.locator('textarea[name=resolutions]').fill('同意发展对象名单（应到 7 人，同意 7 人）');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#toast').filter({ hasText: '会议记录已保存' }).waitFor();

  const audit = (await bot.api('GET', `/audit?branchId=${branches.first.id}`, keys.admin)).body;
  assert.ok(audit.some((e) => e.action === '重新打开会议记录' && e.detail === '理由：补充决议表决结果'), JSON.stringify(audit.slice(0, 5)));
  assert.ok(audit.some((e) => e.action === '修改会议记录' && e.detail === '修改：决议'));
  await page.close();
});

test('record: the .docx record and the .xlsx attendance download with their types', async () => {
  const meeting = await meetingStarting('党课：学习新修订的党章');
  const page = await openTab(browser);
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/${meeting.id}/record`);

  for (const [name, extension] of [['下载会议记录 (.docx)', '.docx'], ['导出考勤 (.xlsx)', '.xlsx']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    assert.ok(download.suggestedFilename().endsWith(extension), download.suggestedFilename());
    assert.match(download.suggestedFilename(), /党课/);
    assert.ok((await stat(await download.path())).size > 1000);
  }

  for (const [route, type] of [['record.docx', 'wordprocessingml'], ['attendance.xlsx', 'spreadsheetml']]) {
    const response = await fetch(`${bot.url}/api/meetings/${meeting.id}/${route}`, { headers: { Authorization: `Bearer ${keys.first}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), new RegExp(type));
    assert.match(response.headers.get('content-disposition'), /filename\*=UTF-8''/);
    const other = await fetch(`${bot.url}/api/meetings/${meeting.id}/${route}`, { headers: { Authorization: `Bearer ${keys.second}` } });
    assert.equal(other.status, 403);
  }
  await page.close();
});

test('record: the demo\'s signed-off record shows its 议题 and both archived photos as images', async () => {
  const page = await openTab(browser);
  await signInWithKey(page, bot, keys.first);
  await page.goto(`${bot.url}/console/meetings/mtdemopast/record`);
  await page.getByRole('heading', { name: /会议照片（2 张）/ }).waitFor();
  const thumbs = page.locator('img.photo-thumb');
  await thumbs.nth(1).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('img.photo-thumb')].every((i) => i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0));
  assert.equal(await thumbs.count(), 2);
  assert.equal(await page.locator('.photo-missing').count(), 0);
  await page.getByText('示例：重温入党誓词').waitFor();
  await page.getByText('已签字确认').first().waitFor();
  await page.close();
});
