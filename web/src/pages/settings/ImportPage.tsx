import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api.js';
import { channelLabel } from '../../channelLabel.js';
import { useI18n } from '../../i18n/index.js';
import { listeningApi, type ImportFormat, type ImportJob } from '../../listeningApi.js';
import { useTimeFormat } from '../../time.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { ImportProgress } from './ImportProgress.js';
import { DataTable, LoadState, Notice, SettingsPanel } from '../../components/settings/index.js';

const COLUMNS = ['id', 'kind', 'author_id', 'author_handle', 'author_name', 'followers', 'text', 'created_at', 'parent_id', 'thread_id', 'url', 'lang'] as const;
const REQUIRED = new Set<string>(['id', 'author_id', 'text', 'created_at']);
const SAMPLE =
  'id,kind,author_id,author_handle,author_name,followers,text,created_at,parent_id,thread_id,url,lang\ncafe-1,post,u-77,sotong_fan,김소통,120,"적금 금리 비교해 봤어요, 생각보다 괜찮네요",2026-11-20T09:00:00+09:00,,,https://cafe.example/1,ko';
const POLL_MS = 1000;

function formatOf(fileName: string): ImportFormat | undefined {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  return undefined;
}

/** Settings → Import: a CSV or JSON Lines file of past posts becomes items, with a progress bar. */
export function ImportPage() {
  const { t, tMaybe, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const channels = useLoad(() => listeningApi.channels(workspace.id).then((r) => r.channels), [workspace.id]);
  const history = useLoad(() => listeningApi.imports(workspace.id).then((r) => r.imports), [workspace.id]);
  const [channel, setChannel] = useState('');
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);

  useEffect(() => {
    if (!channel && channels.data?.length) setChannel(channels.data.find((c) => c.type === 'webhook')?.type ?? channels.data[0]!.type);
  }, [channel, channels.data]);

  // Poll the running import every second until it is done or failed.
  const jobId = job?.status === 'running' ? job.id : undefined;
  const setHistory = history.setData;
  useEffect(() => {
    if (!jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      listeningApi
        .importJob(workspace.id, jobId)
        .then((r) => {
          if (!live) return;
          setJob(r.import);
          setHistory((list) => list?.map((x) => (x.id === r.import.id ? r.import : x)));
          if (r.import.status === 'running') timer = setTimeout(tick, POLL_MS);
        })
        .catch(() => {
          if (live) timer = setTimeout(tick, POLL_MS * 3);
        });
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId, workspace.id, setHistory]);

  const pick = (f: File | null) => {
    setFile(f);
    if (!f) return;
    const detected = formatOf(f.name);
    if (detected) setFormat(detected);
    if (!name.trim()) setName(f.name.replace(/\.[^.]+$/, ''));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError(t('import.noFile'));
    if (!channel) return setError(t('import.noChannel'));
    setBusy(true);
    setError(null);
    setJob(null);
    listeningApi
      .startImport(workspace.id, { channel, format, name: name.trim() || file.name, file })
      .then((r) => {
        setJob(r.import);
        setHistory((list) => [r.import, ...(list ?? []).filter((x) => x.id !== r.import.id)]);
      })
      .catch((err: unknown) => setError(err instanceof ApiError && err.status === 413 ? t('import.tooLarge') : errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <SettingsPanel title={t('import.title')} intro={t('import.intro')}>
      <form className="card form-card import-form" onSubmit={submit} aria-label={t('import.title')}>
        <Notice kind="error">{error}</Notice>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="import-channel">{t('import.channel')}</label>
            <select id="import-channel" value={channel} onChange={(e) => setChannel(e.target.value)} required>
              {(channels.data ?? []).map((c) => (
                <option key={c.type} value={c.type}>
                  {channelLabel(tMaybe, c.type, c.name)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-name">{t('import.name')}</label>
            <input id="import-name" type="text" maxLength={200} autoComplete="off" placeholder={t('import.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <fieldset className="field">
            <legend>{t('import.format')}</legend>
            <div className="radio-row">
              {(['csv', 'jsonl'] as const).map((f) => (
                <label key={f} className="check-label">
                  <input type="radio" name="import-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                  <span>{t(`import.format.${f}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field field-wide">
            <label htmlFor="import-file">{t('import.file')}</label>
            <input id="import-file" type="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson" aria-describedby="import-file-hint" onChange={(e) => pick(e.target.files?.[0] ?? null)} />
            <p className="hint" id="import-file-hint">
              {t('import.fileHint')}
            </p>
          </div>
        </div>
        <details className="import-help">
          <summary>{t('import.columns')}</summary>
          <p className="small">{t('import.columnsIntro')}</p>
          <ul className="column-list">
            {COLUMNS.map((c) => (
              <li key={c}>
                <code>{c}</code>
                {REQUIRED.has(c) && <span className="badge badge-info">{t('import.required')}</span>}
              </li>
            ))}
          </ul>
          <p className="small">{t('import.sample')}</p>
          <pre className="sample">{SAMPLE}</pre>
        </details>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || jobId !== undefined}>
            {busy ? t('import.uploading') : t('import.submit')}
          </button>
        </div>
      </form>

      {job && <ImportProgress job={job} />}

      <h3 className="section-title">{t('import.history')}</h3>
      <LoadState load={history} empty={t('import.historyEmpty')}>
        {(jobs) => <ImportHistory jobs={jobs} />}
      </LoadState>
    </SettingsPanel>
  );
}

function ImportHistory({ jobs }: { jobs: ImportJob[] }) {
  const { t, tMaybe } = useI18n();
  const time = useTimeFormat();
  return (
    <DataTable
      rows={jobs}
      rowKey={(j) => j.id}
      label={t('import.history')}
      testId="imports-table"
      columns={[
        { label: t('import.name'), cell: (j) => j.name ?? j.id.slice(0, 8) },
        {
          label: t('import.status'),
          cell: (j) => <span className={`badge ${j.status === 'done' ? 'badge-ok' : j.status === 'failed' ? 'badge-danger' : 'badge-info'}`}>{tMaybe(`import.status.${j.status}`) ?? j.status}</span>,
        },
        {
          label: t('import.processed'),
          cell: (j) => (
            <>
              {j.processed} / {j.total}
            </>
          ),
        },
        { label: t('import.failedCount'), cell: (j) => j.failed },
        { label: t('import.startedAt'), cell: (j) => time.absolute(j.createdAt) },
      ]}
    />
  );
}
