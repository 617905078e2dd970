import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { LifecycleBadge } from './LifecycleBadge.js';
import { customersApi, type CustomerView, type SegmentRules, type SegmentView } from './customersApi.js';

const LIFECYCLES = ['prospect', 'new', 'active', 'at_risk', 'churned', 'won_back'] as const;
const LISTS = ['products', 'segments', 'tags', 'channels'] as const;
const NUMBERS = ['sentimentBelow', 'sentimentAbove', 'minChurnScore'] as const;

interface Draft {
  name: string;
  lifecycle: string[];
  lists: Record<(typeof LISTS)[number], string>;
  numbers: Record<(typeof NUMBERS)[number], string>;
}
const emptyDraft = (): Draft => ({ name: '', lifecycle: [], lists: { products: '', segments: '', tags: '', channels: '' }, numbers: { sentimentBelow: '', sentimentAbove: '', minChurnScore: '' } });
const draftOf = (s: SegmentView): Draft => ({
  name: s.name,
  lifecycle: s.rules.lifecycle ?? [],
  lists: { products: (s.rules.products ?? []).join(', '), segments: (s.rules.segments ?? []).join(', '), tags: (s.rules.tags ?? []).join(', '), channels: (s.rules.channels ?? []).join(', ') },
  numbers: { sentimentBelow: s.rules.sentimentBelow?.toString() ?? '', sentimentAbove: s.rules.sentimentAbove?.toString() ?? '', minChurnScore: s.rules.minChurnScore?.toString() ?? '' },
});
function rulesOf(d: Draft): SegmentRules {
  const r: SegmentRules = {};
  if (d.lifecycle.length) r.lifecycle = d.lifecycle;
  for (const k of LISTS) {
    const xs = d.lists[k]
      .split(/[,;]/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (xs.length) r[k] = xs;
  }
  for (const k of NUMBERS) if (d.numbers[k].trim() !== '') r[k] = Number(d.numbers[k]);
  return r;
}

/** 세그먼트: rule-based customer segments with their size, preview, edit, CSV export and a listening filter. */
export function Segments() {
  const { t, errorText } = useI18n();
  const ws = useWorkspace();
  const list = useLoad(() => customersApi.segments(ws.workspace.id, true), [ws.workspace.id]);
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const manage = ws.can('customers.manage');
  return (
    <div className="card" data-testid="segments">
      <p className="muted small">{t('cust.seg.intro')}</p>
      {msg && <p role="status">{msg}</p>}
      {list.error ? <p role="alert">{errorText(list.error)}</p> : null}
      {manage && !editing && (
        <button type="button" className="btn btn-small btn-primary" data-testid="segment-new" onClick={() => setEditing({ id: null, draft: emptyDraft() })}>
          {t('cust.seg.new')}
        </button>
      )}
      {editing && (
        <SegmentEditor
          initial={editing.draft}
          onCancel={() => setEditing(null)}
          onSave={(d) =>
            (editing.id ? customersApi.updateSegment(ws.workspace.id, editing.id, { name: d.name, rules: rulesOf(d) }) : customersApi.createSegment(ws.workspace.id, { name: d.name, rules: rulesOf(d) })).then(
              () => (setEditing(null), setMsg(t('cust.seg.saved')), list.reload()),
              (e: unknown) => setMsg(errorText(e)),
            )
          }
        />
      )}
      {list.data && list.data.segments.length === 0 && <p className="muted">{t('cust.seg.none')}</p>}
      {list.data && list.data.segments.length > 0 && (
        <table className="table" data-testid="segment-list">
          <thead>
            <tr>
              <th>{t('cust.seg.name')}</th>
              <th>{t('cust.seg.rules')}</th>
              <th>{t('cust.seg.members')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.segments.map((s) => (
              <tr key={s.id} data-testid="segment-row">
                <td translate="no">{s.name}</td>
                <td className="small">
                  <RulesText rules={s.rules} />
                </td>
                <td data-testid="segment-members">{t('cust.total', { n: s.members ?? 0 })}</td>
                <td>
                  <a className="btn btn-small" href={href(`/listening/search/segment/${encodeURIComponent(s.id)}`)} data-testid="segment-listening">
                    {t('cust.seg.listening')}
                  </a>{' '}
                  <a className="btn btn-small" href={customersApi.segmentCsvUrl(ws.workspace.id, s.id)} download data-testid="segment-csv">
                    {t('cust.seg.csv')}
                  </a>{' '}
                  {manage && (
                    <>
                      <button type="button" className="btn btn-small" onClick={() => setEditing({ id: s.id, draft: draftOf(s) })}>
                        {t('cust.seg.edit')}
                      </button>{' '}
                      <button type="button" className="btn btn-small" onClick={() => customersApi.deleteSegment(ws.workspace.id, s.id).then(list.reload, (e: unknown) => setMsg(errorText(e)))}>
                        {t('cust.seg.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RulesText({ rules }: { rules: SegmentRules }) {
  const { t, tMaybe } = useI18n();
  const parts: string[] = [];
  if (rules.lifecycle?.length) parts.push(`${t('cust.lifecycle')}: ${rules.lifecycle.map((l) => tMaybe(`cust.life.${l}`) ?? l).join(', ')}`);
  for (const k of LISTS) if (rules[k]?.length) parts.push(`${t(`cust.seg.f.${k}`)}: ${rules[k]!.join(', ')}`);
  for (const k of NUMBERS) if (rules[k] !== undefined) parts.push(`${t(`cust.seg.f.${k}`)} ${rules[k]}`);
  return <span translate="no">{parts.join(' · ') || t('cust.seg.everyone')}</span>;
}

function SegmentEditor({ initial, onSave, onCancel }: { initial: Draft; onSave(d: Draft): void; onCancel(): void }) {
  const { t, tMaybe, errorText } = useI18n();
  const ws = useWorkspace();
  const [d, setD] = useState<Draft>(initial);
  const [preview, setPreview] = useState<{ total: number; customers: CustomerView[] } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  return (
    <form
      className="card"
      data-testid="segment-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(d);
      }}
    >
      <label>
        {t('cust.seg.name')} <input required maxLength={100} value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="segment-name" />
      </label>
      <fieldset>
        <legend>{t('cust.lifecycle')}</legend>
        {LIFECYCLES.map((l) => (
          <label key={l}>
            <input type="checkbox" checked={d.lifecycle.includes(l)} onChange={(e) => setD({ ...d, lifecycle: e.target.checked ? [...d.lifecycle, l] : d.lifecycle.filter((x) => x !== l) })} data-testid={`segment-life-${l}`} />{' '}
            {tMaybe(`cust.life.${l}`) ?? l}{' '}
          </label>
        ))}
      </fieldset>
      {LISTS.map((k) => (
        <label key={k} className="field">
          {t(`cust.seg.f.${k}`)} <input value={d.lists[k]} placeholder={t('cust.seg.listHint')} onChange={(e) => setD({ ...d, lists: { ...d.lists, [k]: e.target.value } })} data-testid={`segment-${k}`} />
        </label>
      ))}
      {NUMBERS.map((k) => (
        <label key={k} className="field">
          {t(`cust.seg.f.${k}`)}{' '}
          <input type="number" step={0.05} min={k === 'minChurnScore' ? 0 : -1} max={1} value={d.numbers[k]} onChange={(e) => setD({ ...d, numbers: { ...d.numbers, [k]: e.target.value } })} data-testid={`segment-${k}`} />
        </label>
      ))}
      <div className="toolbar">
        <button type="button" className="btn btn-small" data-testid="segment-preview" onClick={() => customersApi.previewSegment(ws.workspace.id, rulesOf(d)).then(setPreview, (e: unknown) => setErr(errorText(e)))}>
          {t('cust.seg.preview')}
        </button>
        <button type="submit" className="btn btn-small btn-primary" data-testid="segment-save">
          {t('cust.seg.save')}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {err && <p role="alert">{err}</p>}
      {preview && (
        <div data-testid="segment-preview-result">
          <p role="status">{t('cust.seg.previewCount', { n: preview.total })}</p>
          <ul className="plain-list small">
            {preview.customers.map((c) => (
              <li key={c.id}>
                <span translate="no">{c.name ?? c.externalId}</span> <span className="muted">{c.externalId}</span> <LifecycleBadge value={c.lifecycle} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
