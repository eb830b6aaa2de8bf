// 星级 and 通报 in a real browser against the real bot (demo data: stars for the demo branches, last month's bulletin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { branches, keys, openTab, signInWithKey, withBotAndBrowser } from './harness.mjs';

let bot;
let browser;
withBotAndBrowser((b, br) => {
  bot = b;
  browser = br;
});

const newPage = () => openTab(browser);

test('stars: the branch shows its ten stars with reasons, an admin awards a 特色 star, the ranking and the chart are drawn', async () => {
  const page = await newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await signInWithKey(page, bot, keys.admin);
  await page.goto(`${bot.url}/console/stars`);
  await page.getByRole('heading', { name: '星级', exact: true }).waitFor();
  await page.locator('.star-summary').waitFor();
  assert.equal(await page.locator('.star-card').count(), 10);

  // The demo awards 基本保障 to every branch; a computed star that is missing says why.
  await page.locator('.star-card[data-star=Guarantee]').filter({ hasText: '已获得' }).waitFor();
  const missing = page.locator('.star-card.missing .star-reason').filter({ hasText: /^未达标：/ });
  assert.ok((await missing.count()) >= 1, 'a basic star is missing with its reason');

  const before = Number(/(\d+) 星/.exec(await page.locator('.star-summary h2').textContent())[1]);
  await page.locator('select[name=star]').selectOption('Feature3');
  await page.locator('textarea[name=reason]').fill('浏览器测试：服务群众成效明显');
  await page.getByRole('button', { name: '保存评定' }).click();
  await page.locator('.star-card[data-star=Feature3]').filter({ hasText: '已获得' }).waitFor();
  await page.locator('.star-card[data-star=Feature3]').filter({ hasText: '浏览器测试：服务群众成效明显' }).waitFor();
  await page.locator('.star-summary h2').filter({ hasText: `${before + 1} 星` }).waitFor();

  assert.deepEqual(errors, [], 'no console errors before the refused form');

  // A reason too short is refused beside its field.
  await page.locator('textarea[name=reason]').fill('短');
  await page.getByRole('button', { name: '保存评定' }).click();
  await page.locator('#reason-error').filter({ hasText: '理由' }).waitFor();

  const ranking = await page.locator('.card').filter({ hasText: '亮晒比' }).locator('tbody tr').allTextContents();
  assert.ok(ranking.length >= 2, `the 机关 field ranks the demo branches: ${ranking}`);
  assert.ok(ranking.some((r) => r.includes(branches.first.name)));
  assert.ok((await page.locator('svg.star-chart rect.bar').count()) >= 2, 'the chart has a bar per period');

  const audit = await bot.api('GET', '/audit?count=50', keys.admin);
  assert.ok(audit.body.some((e) => e.action.includes('/awards')), 'the award is audited');
  await page.close();
});

test("stars: a secretary sees their own branch's stars and no admin form; another branch's stars are refused", async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.second);
  await page.goto(`${bot.url}/console/stars`);
  await page.locator('.star-summary').waitFor();
  assert.match(await page.locator('.page-head .sub').textContent(), new RegExp(branches.second.name));
  assert.equal(await page.locator('.admin-stars').count(), 0);
  assert.equal((await bot.api('GET', `/stars/${branches.first.id}`, keys.second)).status, 403);
  assert.equal((await bot.api('POST', `/stars/${branches.second.id}/awards`, keys.second, { star: 'Feature1', reason: '自己评自己' })).status, 403);
  await page.close();
});

test("bulletin: last month's bulletin is listed with every branch, and its Word file downloads", async () => {
  const page = await newPage();
  await signInWithKey(page, bot, keys.admin);
  await page.goto(`${bot.url}/console/bulletins`);
  await page.getByRole('heading', { name: /组织生活通报$/ }).waitFor();
  const rows = await page.locator('tbody tr').allTextContents();
  assert.ok(rows.some((r) => r.includes(branches.first.name)) && rows.some((r) => r.includes(branches.second.name)), `rows: ${rows}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Word' }).click()]);
  assert.match(download.suggestedFilename(), /^bulletin-\d{4}-\d{2}\.docx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a .docx is a zip package');
  assert.ok(bytes.includes(Buffer.from('word/document.xml')), 'with a Word body');
  await page.close();
});
