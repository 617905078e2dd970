/**
 * Real Chromium for the end-to-end tests: the launch flags (WebGL on SwiftShader, no GPU), an
 * up-to-date web build, pages in Korean/Seoul that collect page errors, sign-in and screenshots.
 * The older e2e files carry their own copy of this set-up; new ones use this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches headless Chromium; `allowStatuses` are HTTP statuses whose console errors are expected (401 before sign-in). */
export async function launchBrowser(opts: { allowStatuses?: number[] } = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set SOTONG_CHROMIUM)`);
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // WebGL without a GPU: ANGLE on SwiftShader (software), which headless Chromium allows with this flag.
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const allowed = new RegExp(`status of (${(opts.allowStatuses ?? [401]).join('|')})\\b`);
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    browser,
    errors,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, locale: 'ko-KR', timezoneId: 'Asia/Seoul', deviceScaleFactor: 1 });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !allowed.test(msg.text())) errors.push(`console: ${msg.text()}`);
      });
      page.setDefaultTimeout(15_000);
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

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: false });
}
