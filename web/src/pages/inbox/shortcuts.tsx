import { useEffect, useRef } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';

/** Keys typed into a field, or with a modifier, are the field's (or the browser's), never a shortcut. */
export function isTyping(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  const el = e.target as HTMLElement | null;
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  // A modal is open: its own keys.
  return !!el.closest('dialog[open]');
}

/** Single-key shortcuts on the page while it is shown; `?` is always the help. */
export function useShortcuts(keys: Record<string, (e: KeyboardEvent) => void>, enabled = true): void {
  const current = useRef(keys);
  current.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e)) return;
      if (document.querySelector('dialog[open]')) return;
      const action = current.current[e.key];
      if (!action) return;
      // Enter on a link or a button is theirs.
      if (e.key === 'Enter' && (e.target as HTMLElement | null)?.closest('a, button')) return;
      e.preventDefault();
      action(e);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

const QUEUE_KEYS: [string, MessageKey][] = [
  ['j', 'inbox.keys.next'],
  ['k', 'inbox.keys.prev'],
  ['Enter', 'inbox.keys.open'],
  ['x', 'inbox.keys.select'],
  ['r', 'inbox.keys.reply'],
  ['e', 'inbox.keys.resolve'],
  ['a', 'inbox.keys.assignMe'],
  ['/', 'inbox.keys.search'],
  ['?', 'inbox.keys.help'],
];
const CONVERSATION_KEYS: [string, MessageKey][] = [
  ['r', 'inbox.keys.reply'],
  ['n', 'inbox.keys.note'],
  ['e', 'inbox.keys.resolve'],
  ['a', 'inbox.keys.assignMe'],
  ['j', 'inbox.keys.nextConversation'],
  ['k', 'inbox.keys.prevConversation'],
  ['u', 'inbox.keys.back'],
  ['Ctrl/⌘ + Enter', 'inbox.keys.send'],
  ['?', 'inbox.keys.help'],
];

export function ShortcutHelp({ where, onClose }: { where: 'queue' | 'conversation'; onClose(): void }) {
  const { t } = useI18n();
  const keys = where === 'queue' ? QUEUE_KEYS : CONVERSATION_KEYS;
  return (
    <Dialog title={t('inbox.keys.title')} onClose={onClose}>
      <div className="dialog-body">
        <p className="muted small">{t('inbox.keys.intro')}</p>
        <dl className="shortcut-list">
          {keys.map(([k, label]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Dialog>
  );
}
