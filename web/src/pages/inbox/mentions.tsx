import { useI18n } from '../../i18n/index.js';
import type { Person } from './directory.js';

/** The @word being typed just before the caret, if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|[\s(])@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

/** How a person is written in a note so the server recognises them: the local part of their e-mail. */
export function handleOf(p: Person): string {
  return p.email ? (p.email.split('@')[0] ?? p.email) : p.name;
}

export function mentionMatches(people: Person[], query: string): Person[] {
  const q = query.toLowerCase();
  return people.filter((p) => !q || p.name.toLowerCase().includes(q) || (p.email ?? '').toLowerCase().startsWith(q)).slice(0, 6);
}

/** The suggestions under the note box; the textarea keeps the focus and drives it (aria-activedescendant). */
export function MentionList({ id, options, active, onPick }: { id: string; options: Person[]; active: number; onPick(p: Person): void }) {
  const { t } = useI18n();
  if (options.length === 0) return null;
  return (
    <ul id={id} className="mention-list" role="listbox" aria-label={t('inbox.note.mentionList')}>
      {options.map((p, i) => (
        <li
          key={p.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'is-active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(p);
          }}
        >
          <strong>{p.name}</strong> <span className="muted small">@{handleOf(p)}</span>
        </li>
      ))}
    </ul>
  );
}
