import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/index.js';
import type { Chart } from './dashboardsApi.js';

type ECharts = import('echarts/core').ECharts;
type Option = import('echarts/core').EChartsCoreOption;
export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  seriesId?: string;
  name: string;
  data: unknown;
}

/** One ECharts chart, loaded lazily (echarts is its own chunk); redraws on `option`, resizes with its box. */
export function EChart({ option, onClick, height = 260, label, onReady }: { option: Option; onClick?(p: ChartClick): void; height?: number; label: string; onReady?(c: ECharts | undefined): void }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>(undefined);
  const handlers = useRef({ onClick, onReady, option });
  handlers.current = { onClick, onReady, option };
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echartsCore.js').then(
      ({ echarts }) => {
        if (disposed || !box.current) return;
        const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
        chart.current = c;
        c.on('click', (p) => handlers.current.onClick?.(p as unknown as ChartClick));
        observer = new ResizeObserver(() => c.resize());
        observer.observe(box.current);
        // The newest option: it may have changed while echarts was loading.
        c.setOption(handlers.current.option, true);
        handlers.current.onReady?.(c);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
      handlers.current.onReady?.(undefined);
    };
    // The chart is made once; option changes are applied below.
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  const { t } = useI18n();
  return (
    <div className={`ld-chart${onClick ? ' clickable' : ''}`} ref={box} style={{ height }} role="img" aria-label={label}>
      {failed && <p className="muted small">{t('ld.chartFailed')}</p>}
    </div>
  );
}

/** A dashboard panel: title, CSV (server) and PNG (ECharts) export, the chart and its data table. */
export function ChartCard(props: { title: string; chart: Chart; csvUrl?(chart: Chart): string; png?: ECharts | undefined; wide?: boolean; children: ReactNode; table?: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const savePng = () => {
    if (!props.png) return;
    const url = props.png.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    const a = document.createElement('a');
    a.href = url;
    a.download = `${props.chart}.png`;
    a.click();
  };
  return (
    <section className={`card ld-card${props.wide ? ' wide' : ''}`} aria-label={props.title} data-testid={props.testId}>
      <div className="ld-card-head">
        <h2>{props.title}</h2>
        <div className="ld-card-tools">
          {props.csvUrl && (
            <a className="btn btn-small" href={props.csvUrl(props.chart)} download data-testid={`csv-${props.chart}`}>
              CSV
            </a>
          )}
          {props.png !== undefined && (
            <button type="button" className="btn btn-small" onClick={savePng}>
              PNG
            </button>
          )}
        </div>
      </div>
      {props.children}
      {props.table && (
        <details className="ld-table">
          <summary>{t('ld.showTable')}</summary>
          {props.table}
        </details>
      )}
    </section>
  );
}
