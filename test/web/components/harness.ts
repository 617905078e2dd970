/**
 * Component tests in real Chromium (docs/web.md): one React component mounted on its own, with the app's
 * providers and styles, served by a Vite dev server from this folder (entry: mount.tsx, fixtures:
 * fixtures.tsx), its API answered by a `FakeApi` through Playwright's request routing — the real API
 * client runs, only the server is fake. One dev server, one browser and one page per test file: the
 * modules load once, and each mount starts clean (storage, address, the last component unmounted).
 * Like every browser test, it fails when Chromium is missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Route } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import type { Locale, RolePermissions, User, Workspace } from '../../../web/src/api.js';
import { en } from '../../../web/src/i18n/en.js';
import { ko, type MessageKey } from '../../../web/src/i18n/ko.js';
import { launchBrowser, REPO, type TestBrowser } from '../../support/browser.js';
import type { FixtureName } from './fixtures.js';
import type { HarnessEvent, MountOptions } from './mount.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const WORKSPACE: Workspace = { id: 'ws-hanbit', name: '한빛은행', slug: 'hanbit', role: 'agent' };
export const ME: User = { id: 'u-kim', email: 'kim@hanbit.test', name: '김상담', locale: 'ko', isInstanceAdmin: false };
/** An agent's permissions in the inbox (src/platform/access). */
export const AGENT_PERMISSIONS = ['inbox.read', 'inbox.reply'];

/** A dictionary sentence with its variables, as the page shows it. */
export function say(key: MessageKey, vars: Record<string, string | number> = {}, locale: Locale = 'ko'): string {
  const text: string = (locale === 'ko' ? ko : en)[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export interface ApiRequest {
  method: string;
  /** Below /api/v1, without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}
export interface ApiAnswer {
  status?: number;
  body?: unknown;
}
type Handler = (req: ApiRequest, params: Record<string, string>) => ApiAnswer | Promise<ApiAnswer>;

/**
 * The server, as far as the component needs it: answers by method and path (`:name` matches one
 * segment; the newest matching route wins), records every request, and answers anything it was not
 * told about with 404 `test.unrouted` (listed in `unrouted`, so a test can insist there was none).
 */
export class FakeApi {
  readonly calls: ApiRequest[] = [];
  readonly unrouted: string[] = [];
  private readonly routes: Array<{ method: string; pattern: RegExp; names: string[]; handler: Handler }> = [];

  constructor(permissions: string[] = AGENT_PERMISSIONS, role = WORKSPACE.role) {
    const roles: RolePermissions[] = [{ role, permissions }];
    this.on('GET', '/w/:ws/roles', { body: { roles } });
  }

  on(method: string, route: string, answer: ApiAnswer | Handler): this {
    const names: string[] = [];
    const source = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.unshift({ method, pattern: new RegExp(`^${source}$`), names, handler: typeof answer === 'function' ? answer : () => answer });
    return this;
  }

  /** The requests made to `method path` (path as sent, e.g. with the workspace id in it). */
  callsTo(method: string, route: string | RegExp): ApiRequest[] {
    return this.calls.filter((c) => c.method === method && (typeof route === 'string' ? c.path === route : route.test(c.path)));
  }

  async answer(req: ApiRequest): Promise<ApiAnswer> {
    this.calls.push(req);
    for (const r of this.routes) {
      const m = r.method === req.method ? r.pattern.exec(req.path) : null;
      if (m) return r.handler(req, Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])));
    }
    this.unrouted.push(`${req.method} ${req.path}`);
    return { status: 404, body: { error: { code: 'test.unrouted', message: `${req.method} ${req.path} is not routed in this test` } } };
  }

  /** Playwright's route handler for `/api/v1/**`. */
  readonly route = async (route: Route): Promise<void> => {
    const request = route.request();
    const url = new URL(request.url());
    const raw = request.postData();
    // JSON bodies parsed; anything else (an uploaded file) as the text it is.
    let body: unknown;
    try {
      body = raw ? (JSON.parse(raw) as unknown) : undefined;
    } catch {
      body = raw;
    }
    const answer = await this.answer({ method: request.method(), path: url.pathname.replace(/^\/api\/v1/, ''), query: url.searchParams, body });
    const status = answer.status ?? 200;
    await route.fulfill({ status, contentType: 'application/json', body: status === 204 ? '' : JSON.stringify(answer.body ?? {}) });
  };
}

export interface Mounted {
  page: Page;
  /** The calls of the component's callbacks so far (recorded in the page). */
  events(name?: string): Promise<HarnessEvent[]>;
}

export interface Harness {
  /** Console errors and uncaught exceptions of every page. */
  errors: string[];
  /** A fresh page (own context) with `fixture` mounted and `api` answering its requests. */
  mount(fixture: FixtureName, props: unknown, api: FakeApi, opts?: Partial<MountOptions> & { viewport?: { width: number; height: number } }): Promise<Mounted>;
  close(): Promise<void>;
}

/** Starts the dev server and Chromium; call once per file (beforeAll) and `close` it afterAll. */
export async function startHarness(opts: { allowStatuses?: number[] } = {}): Promise<Harness> {
  // Chromium first: without it the test fails at once, before a server is started.
  const tb: TestBrowser = await launchBrowser({ allowStatuses: opts.allowStatuses ?? [], webgl: false });
  let server: ViteDevServer | undefined;
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-components-'));
  try {
    const { createServer } = await import('vite');
    server = await createServer({
      configFile: false,
      root: HERE,
      cacheDir,
      logLevel: 'warn',
      clearScreen: false,
      esbuild: { jsx: 'automatic' },
      // React is pre-bundled once, up front: no discovery later, so no reload in the middle of a test.
      optimizeDeps: { include: ['react', 'react/jsx-dev-runtime', 'react-dom/client'], noDiscovery: true },
      server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, fs: { allow: [REPO] } },
    });
    await server.listen();
  } catch (err) {
    await tb.close();
    throw err;
  }
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the component harness has no address');
  // One page for the whole file: the modules load once; each mount unmounts the last component, clears
  // the page's storage and address, and answers the API with the mount's own FakeApi.
  let page: Page | undefined;
  let routed: FakeApi | undefined;
  return {
    errors: tb.errors,
    async mount(fixture, props, api, o = {}) {
      if (!page) {
        page = await tb.newPage();
        await page.route('**/api/v1/**', (route) => (routed ?? new FakeApi()).route(route));
        await page.goto(url);
        await page.waitForFunction(() => 'harness' in window);
      }
      routed = api;
      await page.setViewportSize(o.viewport ?? { width: 1280, height: 800 });
      const options: MountOptions = { locale: o.locale ?? 'ko', workspace: o.workspace ?? WORKSPACE, me: o.me ?? ME };
      await page.evaluate(([f, p, m]) => window.harness.mount(f, p, m), [fixture, props, options] as const);
      const mounted = page;
      return {
        page: mounted,
        events: (name) => mounted.evaluate((n) => window.harness.events.filter((e) => n === undefined || e.event === n), name),
      };
    },
    async close() {
      await tb.close();
      await server?.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
