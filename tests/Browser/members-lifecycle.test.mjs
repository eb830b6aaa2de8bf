// Members who leave, move and ask to be deleted: the members page and the import page in a real browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branches, keys, openTab, signInWithKey, withBotAndBrowser } from './harness.mjs';

let bot;
let browser;
withBotAndBrowser((b, br) => {
  bot = b;
  browser = br;
});

async function newPage(key, branch = branches.first) {
  const page = await openTab(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await signInWithKey(page, bot, key);
  await page.evaluate((id) => localStorage.setItem('branchbot.branch', id), branch.id);
  await page.goto(`${bot.url}/console/members`);
  await page.locator('#main table').first().waitFor();
  return page;
}

async function memberByName(name, former = false) {
  const list = await bot.api('GET', `/members?branchId=${branches.first.id}&q=${encodeURIComponent(name)}${former ? '&former=true' : ''}`, keys.admin);
  return list.body.items[0];
}

test('former members: the demo transfer is listed under 已离开 with its history', async () => {
  const page = await newPage(keys.admin, branches.second);
  await page.locator('select[name=former]').selectOption('true');
  const row = page.locator('tr', { hasText: '梁军' });
  await row.getByText('转出').waitFor();
  await row.getByRole('button', { name: '履历' }).click();
  await page.getByRole('heading', { name: '梁军 的履历' }).waitFor();
  await page.locator('.card', { hasText: '梁军 的履历' }).getByText('示例市财政局机关党委').waitFor();
  await page.close();
});

test('a secretary transfers a member out: the form names a missing destination beside its field, then the member leaves the roll', async () => {
  const page = await newPage(keys.first);
  await page.locator('tr', { hasText: '周敏' }).getByRole('button', { name: '离开' }).click();
  const form = page.locator('form.action-form');
  await form.getByRole('button', { name: '确认' }).click();
  await form.locator('#note-error').filter({ hasText: /转往的党组织/ }).waitFor();

  await form.locator('input[name=note]').fill('示例区委组织部');
  await form.getByRole('button', { name: '确认' }).click();
  await page.locator('tr', { hasText: '周敏' }).waitFor({ state: 'detached' });
  const member = await memberByName('周敏', true);
  assert.equal(member?.standing, 'transferred-out');
  assert.equal(member?.standingNote, '示例区委组织部');

  // The branch secretary sees no 删除个人信息 (the admin's), and cannot act on the committee.
  assert.equal(await page.getByRole('button', { name: '删除个人信息' }).count(), 0);
  const secretary = await memberByName('张三');
  const refused = await bot.api('POST', `/members/${secretary.id}/leave`, keys.first, { standing: 'transferred-out', note: 'x' });
  assert.equal(refused.status, 403);
  await page.close();
});

test('a secretary moves a member between 党小组, and the history shows it', async () => {
  const page = await newPage(keys.first);
  await page.locator('tr', { hasText: '黄丽' }).getByRole('button', { name: '调动' }).click();
  const form = page.locator('form.action-form');
  await form.locator('select[name=groupId] option', { hasText: '第一党小组' }).waitFor({ state: 'attached' });
  await form.locator('select[name=groupId]').selectOption({ label: '第一党小组' });
  await form.getByRole('button', { name: '确认调动' }).click();
  await page.locator('tr', { hasText: '黄丽' }).filter({ hasText: '第一党小组' }).waitFor();
  await page.locator('tr', { hasText: '黄丽' }).getByRole('button', { name: '履历' }).click();
  await page.locator('.card', { hasText: '黄丽 的履历' }).getByText('调动').waitFor();
  await page.close();
});

test('the admin deletes personal information on request, with a reason', async () => {
  const page = await newPage(keys.admin);
  const before = await memberByName('刘洋');
  await page.locator('tr', { hasText: '刘洋' }).getByRole('button', { name: '删除个人信息' }).click();
  const form = page.locator('form.action-form');
  await form.getByRole('button', { name: '永久删除' }).click();
  await form.locator('#reason-error').filter({ hasText: /\S/ }).waitFor();
  await form.locator('input[name=reason]').fill('本人书面申请');
  await form.getByRole('button', { name: '永久删除' }).click();
  await page.locator('tr', { hasText: '刘洋' }).waitFor({ state: 'detached' });
  assert.equal(await memberByName('刘洋'), undefined);
  const gone = await bot.api('GET', `/members/${before.id}/history`, keys.admin);
  assert.equal(gone.status, 404);
  await page.close();
});

test('the import lists members missing from the file and marks them only when told', async () => {
  const page = await newPage(keys.admin);
  await page.getByRole('button', { name: '导入名单' }).click();
  const panel = page.locator('#roster-import');
  const csv = '姓名,手机号,组织,党小组,状态,角色\n张三,13900000001,示例机关党委/示例第一党支部,第一党小组,正式,书记\n李四,13900000002,示例机关党委/示例第一党支部,第一党小组,正式,党员\n';
  await panel.locator('input[type=file]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await panel.getByText(/名单中没有、但仍在册的党员 \d+ 人/).waitFor();
  await panel.locator('tr', { hasText: '王芳' }).getByText('保留在册').waitFor();

  // Confirming with the default keeps them on the roll.
  await panel.getByRole('button', { name: '确认导入' }).click();
  await panel.getByText('导入完成').waitFor();
  assert.equal((await memberByName('王芳'))?.standing, 'active');
  await page.close();
});
