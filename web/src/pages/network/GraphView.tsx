import { useEffect, useRef, useState, type FormEvent } from 'react';
import type SigmaType from 'sigma';
import { useI18n } from '../../i18n/index.js';
import { communityLayout } from './layout.js';
import type { NetworkGraph } from './networkApi.js';

interface Props {
  graph: NetworkGraph;
  selectedId: string | null;
  onSelect(authorId: string): void;
}

const EDGE_COLOR = '#a3afbd';

/**
 * The network drawn with sigma.js (WebGL) over a graphology graph: colour = community, size = influence.
 * Sigma and graphology load on first use, so the rest of the app does not carry them.
 */
export function GraphView({ graph, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const renderer = useRef<SigmaType | null>(null);
  const selected = useRef<string | null>(selectedId);
  const select = useRef(onSelect);
  select.current = onSelect;
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const [q, setQ] = useState('');
  const [notFound, setNotFound] = useState('');

  useEffect(() => {
    let cancelled = false;
    setReady(false);
    setFailed(false);
    Promise.all([import('sigma'), import('graphology')])
      .then(([{ default: Sigma }, { DirectedGraph }]) => {
        if (cancelled || !container.current) return;
        const g = new DirectedGraph({ allowSelfLoops: false });
        const positions = communityLayout(graph.nodes.map((n) => ({ id: n.id, community: n.community, weight: n.influence ?? n.pagerank ?? 0 })));
        for (const n of graph.nodes) {
          const p = positions.get(n.id)!;
          g.addNode(n.id, { x: p.x, y: p.y, size: n.size, color: n.color, label: n.label });
        }
        for (const e of graph.edges) {
          if (g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target)) g.addDirectedEdge(e.source, e.target, { size: 1 + Math.log1p(e.weight) * 0.6, color: EDGE_COLOR });
        }
        const r = new Sigma(g, container.current, {
          defaultEdgeType: 'arrow',
          labelRenderedSizeThreshold: 9,
          labelDensity: 0.5,
          hideEdgesOnMove: graph.edges.length > 20_000,
          nodeReducer: (node, data) => (node === selected.current ? { ...data, highlighted: true, forceLabel: true } : data),
        });
        r.on('clickNode', ({ node }) => select.current(node));
        r.on('enterNode', () => container.current?.style.setProperty('cursor', 'pointer'));
        r.on('leaveNode', () => container.current?.style.removeProperty('cursor'));
        renderer.current = r;
        setReady(true);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      renderer.current?.kill();
      renderer.current = null;
    };
  }, [graph]);

  useEffect(() => {
    selected.current = selectedId;
    renderer.current?.refresh({ skipIndexation: true });
  }, [selectedId]);

  const focus = (id: string) => {
    const r = renderer.current;
    const at = r?.getNodeDisplayData(id);
    if (r && at) void r.getCamera().animate({ x: at.x, y: at.y, ratio: 0.25 }, { duration: 400 });
  };

  const search = (e: FormEvent) => {
    e.preventDefault();
    const term = q.trim().replace(/^@/, '').toLocaleLowerCase();
    if (!term) return;
    const hit = graph.nodes.find((n) => n.label.toLocaleLowerCase() === term) ?? graph.nodes.find((n) => n.label.toLocaleLowerCase().startsWith(term) || (n.name ?? '').toLocaleLowerCase().includes(term));
    if (!hit) {
      setNotFound(t('network.graph.notFound', { q: q.trim() }));
      return;
    }
    setNotFound('');
    focus(hit.id);
    onSelect(hit.id);
  };

  const camera = (action: 'in' | 'out' | 'reset') => {
    const c = renderer.current?.getCamera();
    if (!c) return;
    if (action === 'in') void c.animatedZoom({ duration: 200 });
    else if (action === 'out') void c.animatedUnzoom({ duration: 200 });
    else void c.animatedReset({ duration: 200 });
  };

  if (failed)
    return (
      <p className="alert alert-error" role="alert">
        {t('network.graph.noWebgl')}
      </p>
    );
  return (
    <div className="network-graph">
      <div className="graph-toolbar">
        <form className="graph-search" onSubmit={search} role="search">
          <label htmlFor="graph-search" className="visually-hidden">
            {t('network.graph.search')}
          </label>
          <input id="graph-search" type="search" value={q} placeholder={t('network.graph.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} aria-describedby="graph-search-result" />
          <button type="submit" className="btn">
            {t('network.graph.search')}
          </button>
        </form>
        <div className="graph-zoom" role="group">
          <button type="button" className="btn btn-small" onClick={() => camera('in')} aria-label={t('network.graph.zoomIn')}>
            +
          </button>
          <button type="button" className="btn btn-small" onClick={() => camera('out')} aria-label={t('network.graph.zoomOut')}>
            −
          </button>
          <button type="button" className="btn btn-small" onClick={() => camera('reset')}>
            {t('network.graph.reset')}
          </button>
        </div>
      </div>
      <p id="graph-search-result" className="muted small" role="status">
        {notFound || t('network.graph.hint')}
      </p>
      <div ref={container} className="graph-canvas" data-testid="network-graph" data-ready={ready} role="img" aria-label={t('network.graph.label')} />
      <ul className="graph-legend" aria-label={t('network.community')}>
        {graph.communities.slice(0, 12).map((c) => (
          <li key={c.id}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
            {t('network.community.n', { n: c.id + 1, size: c.size })}
          </li>
        ))}
      </ul>
    </div>
  );
}
