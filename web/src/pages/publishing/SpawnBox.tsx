import { useState } from 'react';
import { measureFor } from '../../channelMeasure.js';
import { useI18n } from '../../i18n/index.js';
import { useWorkspace } from '../../workspace.js';
import { publishingApi, type PostView } from './publishingApi.js';
import { useTargetLabel } from './shared.js';

interface Choice {
  key: string;
  accountId: string | null;
  accountName: string;
  target: string;
}

/** A long-form target: the built-in blog, or a channel whose own count sets no limit (a blog). */
const isLong = (target: string) => target === 'builtin-blog' || measureFor(target)?.('').limit === null;

/**
 * A published blog post spawns short linked variants: the channels chosen get a new draft with the title,
 * a few keywords and the link back to the blog post (a tracked link once approval is requested), fitted
 * to each channel's count; the draft opens in the composer to be edited before approval.
 */
export function SpawnBox({ post, choices, onSpawned }: { post: PostView; choices: Choice[]; onSpawned(p: PostView): void }) {
  const { t, errorText } = useI18n();
  const { workspace, can } = useWorkspace();
  const label = useTargetLabel();
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const blog = post.variants.find((v) => isLong(v.target) && v.status === 'published' && v.url);
  if (!blog || !can('publishing.compose')) return null;
  const short = choices.filter((c) => !isLong(c.target));
  const spawn = async () => {
    setError(null);
    try {
      const variants = short.filter((c) => chosen.includes(c.key)).map((c) => ({ accountId: c.accountId, target: c.target }));
      onSpawned(await publishingApi.spawn(workspace.id, post.id, variants));
      setChosen([]);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <fieldset className="field pub-spawn" data-testid="pub-spawn">
      <legend>{t('pub.spawn.title')}</legend>
      <p className="hint">{t('pub.spawn.hint')}</p>
      {short.map((c) => (
        <label key={c.key} className="check-label">
          <input type="checkbox" data-spawn-target={c.target} checked={chosen.includes(c.key)} onChange={() => setChosen(chosen.includes(c.key) ? chosen.filter((k) => k !== c.key) : [...chosen, c.key])} /> {label(c.target)} ·{' '}
          <span translate="no">{c.accountName}</span>
        </label>
      ))}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="btn" data-testid="pub-spawn-go" disabled={!chosen.length} onClick={spawn}>
        {t('pub.spawn.go')}
      </button>
    </fieldset>
  );
}
