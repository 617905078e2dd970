/**
 * The harness page's entry (browser side, served by Vite from test/web/components/): mounts one fixture
 * with the app's providers (dictionaries, workspace and its permissions) and the app's styles, and
 * exposes `window.harness` for the test to drive. The API is the real client; Playwright answers it.
 */
import { StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Locale, User, Workspace } from '../../../web/src/api.js';
import { I18nProvider } from '../../../web/src/i18n/index.js';
import { createHub } from '../../../web/src/pages/inbox/live.js';
import { useWorkspace, WorkspaceProvider } from '../../../web/src/workspace.js';
import '../../../web/src/styles.css';
import type { ConversationEvent } from '../../../web/src/pages/inbox/inboxApi.js';
import { type FixtureName, fixtures } from './fixtures.js';

export interface MountOptions {
  locale: Locale;
  workspace: Workspace;
  me: User;
}
export interface HarnessEvent {
  event: string;
  args: unknown[];
}
export interface HarnessWindow {
  events: HarnessEvent[];
  mount(name: FixtureName, props: unknown, opts: MountOptions): void;
  /** Sends a live conversation event to whatever listens (the queue). */
  emitConversation(e: ConversationEvent): void;
}

declare global {
  interface Window {
    harness: HarnessWindow;
  }
}

/** Like the app's shell: nothing is shown before the role's permissions are known. */
function WhenLoaded({ children }: { children: ReactNode }) {
  const { loaded } = useWorkspace();
  return loaded ? children : null;
}

const events: HarnessEvent[] = [];
const hub = createHub();
let root: Root | undefined;

window.harness = {
  events,
  mount(name, props, opts) {
    root?.unmount();
    // Each mount starts as a fresh page would: no remembered choices, no address, no recorded calls.
    localStorage.clear();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname);
    localStorage.setItem('sotong.locale', opts.locale);
    events.length = 0;
    const el = document.getElementById('root');
    if (!el) throw new Error('#root is missing');
    root = createRoot(el);
    const record =
      (event: string) =>
      (...args: unknown[]) =>
        void events.push({ event, args });
    root.render(
      <StrictMode>
        <I18nProvider>
          <WorkspaceProvider workspace={opts.workspace} me={opts.me}>
            <WhenLoaded>
              <main>{fixtures[name](props, { record, live: { state: 'open', subscribe: hub.subscribe } })}</main>
            </WhenLoaded>
          </WorkspaceProvider>
        </I18nProvider>
      </StrictMode>,
    );
  },
  emitConversation: (e) => hub.emit.conversation(e),
};
