// Starts the real bot from its build output on a free loopback port and drives Debian's chromium against it.
import { after, before } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Branch ids are derived from the unit's path in the roster (RosterPlan.UnitId). */
export const unitId = (orgPath) => 'o' + createHash('sha256').update(orgPath, 'utf8').digest('hex').slice(0, 12);

export const branches = {
  first: { id: unitId('示例机关党委/示例第一党支部'), name: '示例第一党支部' },
  second: { id: unitId('示例机关党委/示例第二党支部'), name: '示例第二党支部' },
};

const secret = (name) => `${name}-${randomBytes(18).toString('hex')}`;
export const keys = {
  admin: secret('org'),
  first: secret('first'),
  second: secret('second'),
};

const wechat = { appId: 'wx2c2769f8efd9abc2', token: 'testtoken123', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', account: 'gh_10f6c3c3ac5a' };

/** The newest build of the bot (dotnet test has just built Debug; a Release build counts too); builds it when there is none. */
function botDll() {
  const candidates = ['Release', 'Debug']
    .map((c) => path.join(repoRoot, 'bot/bin', c, 'net10.0/BranchBot.Bot.dll'))
    .filter((p) => existsSync(p) && existsSync(path.join(path.dirname(p), 'console/index.html')))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates.length) return candidates[0];
  execFileSync('dotnet', ['build', path.join(repoRoot, 'bot'), '--nologo', '-v', 'q'], { stdio: 'inherit' });
  return path.join(repoRoot, 'bot/bin/Debug/net10.0/BranchBot.Bot.dll');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The bot with the sample roster, an organisation key and one key per demo branch. */
export async function startBot(extraEnv = {}) {
  const dll = botDll();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ASPNETCORE_URLS: url,
    DOTNET_NOLOGO: '1',
    WeChat__AppId: wechat.appId,
    WeChat__Token: wechat.token,
    WeChat__EncodingAESKey: wechat.aesKey,
    // The harness signs plaintext pushes; with an EncodingAESKey plaintext is refused unless allowed.
    WeChat__RequireEncryption: 'false',
    SampleData__Enabled: 'true',
    Console__SignInLink: 'true',
    Admin__ApiKeys__0__Name: 'org',
    Admin__ApiKeys__0__Key: keys.admin,
    Admin__ApiKeys__1__Name: 'first-secretary',
    Admin__ApiKeys__1__Key: keys.first,
    Admin__ApiKeys__1__BranchId: branches.first.id,
    Admin__ApiKeys__2__Name: 'second-secretary',
    Admin__ApiKeys__2__Key: keys.second,
    Admin__ApiKeys__2__BranchId: branches.second.id,
    ...extraEnv,
  };
  const child = spawn('dotnet', [dll], { cwd: path.dirname(dll), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not start within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    get log() {
      return log;
    },
    /** A call to the admin API with a key or session token. */
    async api(method, route, token, body) {
      const response = await fetch(`${url}/api${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
    /** Sends a text message as WeChat would (plaintext mode, signed) and returns the bot's reply text. */
    async say(openId, content) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(6).toString('hex');
      const signature = createHash('sha1').update([wechat.token, timestamp, nonce].sort().join('')).digest('hex');
      const msgId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
      const xml = `<xml><ToUserName><![CDATA[${wechat.account}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>`
        + `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
      const response = await fetch(`${url}/wechat?${new URLSearchParams({ signature, timestamp, nonce, openid: openId })}`, { method: 'POST', body: xml, headers: { 'Content-Type': 'text/xml' } });
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      const reply = await response.text();
      return /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(reply)?.[1] ?? null;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, headless, with a fresh profile that is removed on close. */
export async function launchBrowser(viewport = { width: 1366, height: 900 }) {
  const profile = mkdtempSync(path.join(tmpdir(), 'branchbot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in page with an access key. */
export async function signInWithKey(page, bot, key) {
  await page.goto(`${bot.url}/console/login`);
  await page.getByRole('tab', { name: '访问密钥' }).click();
  await page.locator('input[name=token]').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.topbar').waitFor();
}

/** A datetime-local value in China time, minutes from now. */
export function chinaLocal(minutesFromNow) {
  return new Date(Date.now() + minutesFromNow * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

/**
 * One bot and one browser for a test file: started before its first test, stopped after its last, and handed to
 * `use` so the file keeps plain `bot` and `browser` variables.
 */
export function withBotAndBrowser(use) {
  let bot;
  let browser;
  before(async () => {
    bot = await startBot();
    browser = await launchBrowser();
    use(bot, browser);
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
  });
}

/** A new tab whose waits give up after 15 s. */
export async function openTab(browser) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}
