import { useI18n } from '../../../i18n/index.js';
import { useLoad } from '../../../useLoad.js';
import { useWorkspace } from '../../../workspace.js';
import { notifyApi } from './notifyApi.js';

/** Which alert channels a query's crisis alerts go to (checkboxes; part of the query form). */
export function AlertChannelsField({ value, onChange }: { value: string[]; onChange(ids: string[]): void }) {
  const { t } = useI18n();
  const { workspace } = useWorkspace();
  const list = useLoad(() => notifyApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((x) => x !== id));
  return (
    <fieldset className="ln-checks" data-testid="alert-channels">
      <legend className="small">{t('ln.ch.pick')}</legend>
      {list.data?.length === 0 && <span className="small muted">{t('ln.ch.pickNone')}</span>}
      {(list.data ?? []).map((c) => (
        <label key={c.id} className="check-label">
          <input type="checkbox" checked={value.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> {c.name} ({t(`ln.ch.kind.${c.kind}`)})
        </label>
      ))}
    </fieldset>
  );
}
