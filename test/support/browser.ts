/**
 * Real Chromium for the end-to-end tests: the launch flags (WebGL on SwiftShader, no GPU), an
 * up-to-date web build, pages in Korean/Seoul that collect page errors, sign-in and screenshots.
 * Every e2e file uses this set-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const OUT = path.join(REPO, 'test/e2e/.out');
export const CHROMIUM = process.env.SOTONG_CHROMIUM ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is older than web/src. */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(REPO, 'web/dist/index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(path.join(REPO, 'web/src'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO, 'web/vite.config.ts'), logLevel: 'warn' });
}

export interface TestBrowser {
  browser: Browser;
  /** Console errors and uncaught exceptions of every page (expected HTTP statuses filtered out). */
  errors: string[];
  /** A page in its own context (1280×800 unless given); `context` adds or overrides context options. */
  newPage(viewport?: { width: number; height: number }, context?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** HTTP statuses whose console errors are expected (default: 401, before sign-in). */
  allowStatuses?: number[];
  /** WebGL on SwiftShader (default); false launches with the GPU disabled instead. */
  webgl?: boolean;
  /** Default timeout of every page's actions, in ms (default 15,000). */
  timeout?: number;
}

/** Launches headless Chromium. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set SOTONG_CHROMIUM)`);
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      // WebGL without a GPU: ANGLE on SwiftShader (software), which headless Chromium allows with this flag.
      ...(opts.webgl === false ? ['--disable-gpu'] : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const allowed = new RegExp(`status of (${(opts.allowStatuses ?? [401]).join('|')})\\b`);
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    browser,
    errors,
    async newPage(viewport = { width: 1280, height: 800 }, extra: BrowserContextOptions = {}) {
      const context = await browser.newContext({ viewport, locale: 'ko-KR', timezoneId: 'Asia/Seoul', deviceScaleFactor: 1, ...extra });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !allowed.test(msg.text())) errors.push(`console: ${msg.text()}`);
      });
      page.setDefaultTimeout(opts.timeout ?? 15_000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Signs in through the login form (Korean UI), then opens `hash` if given. */
export async function signIn(page: Page, url: string, login: { email: string; password: string }, hash = ''): Promise<void> {
  await page.goto(url);
  await page.getByLabel('이메일').fill(login.email);
  await page.getByLabel('비밀번호').fill(login.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.locator('nav#main-nav a').first().waitFor({ state: 'attached' });
  if (hash) await page.goto(`${url}/#${hash}`);
}

/** A screenshot in test/e2e/.out/<name>.png, of the viewport unless `fullPage`. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: opts.fullPage ?? false });
}
