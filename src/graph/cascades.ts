import type { CascadeEdges } from './cascade-parse.js';
import { topIndices } from './top.js';

/** Shape and speed of one cascade. */
export interface CascadeStats {
  id: string;
  /** User who posted the source. */
  source: string;
  /** Distinct posts (nodes) apart from the root marker. */
  size: number;
  /** Largest BFS depth (source = 0) over the nodes reachable from the source. */
  depth: number;
  /** Most nodes at one depth. */
  maxBreadth: number;
  /** Minutes until half / 90% of the nodes had arrived (null when the input has no delays). */
  t50: number | null;
  t90: number | null;
}

/** Per-user spreading figures, indexed like `users`. */
export interface UserSpread {
  /** Cascades whose source the user posted. */
  started: Int32Array;
  /** Sum / max of the reach of the source post over the cascades the user started. */
  startedReachSum: Float64Array;
  startedReachMax: Int32Array;
  /** Sum over all cascades of the distinct descendants of the user's post, the post itself excluded. */
  totalReach: Float64Array;
  /** The same over cascades the user did not start: the "sneezer" signal. */
  secondaryReach: Float64Array;
  /** Distinct direct children of the user's posts, summed over cascades. */
  directChildren: Float64Array;
  /** Cascades the user took part in. */
  cascades: Int32Array;
}

export interface CascadeReport {
  cascades: CascadeStats[];
  users: string[];
  spread: UserSpread;
  /** Tree edges, root marker rows included. */
  edges: number;
  sizeMedian: number;
  sizeMax: number;
  depthMax: number;
}

/**
 * Cascade metrics from parent→child tree edges. Trees may be DAGs (a post with several parents) or contain
 * cycles: depth is the BFS (shortest) depth and reach counts each distinct descendant once.
 */
export function analyzeCascades(input: CascadeEdges): CascadeReport {
  const rows = input.cascade.length;
  const cascadeCount = input.cascadeIds.length;
  const userCount = input.users.length;
  // Rows grouped by cascade (stable counting sort).
  const rowStart = new Int32Array(cascadeCount + 1);
  for (let r = 0; r < rows; r++) rowStart[input.cascade[r]! + 1]!++;
  for (let c = 0; c < cascadeCount; c++) rowStart[c + 1]! += rowStart[c]!;
  const fill = rowStart.slice(0, cascadeCount);
  const byCascade = new Int32Array(rows);
  for (let r = 0; r < rows; r++) byCascade[fill[input.cascade[r]!]!++] = r;

  const spread: UserSpread = {
    started: new Int32Array(userCount),
    startedReachSum: new Float64Array(userCount),
    startedReachMax: new Int32Array(userCount),
    totalReach: new Float64Array(userCount),
    secondaryReach: new Float64Array(userCount),
    directChildren: new Float64Array(userCount),
    cascades: new Int32Array(userCount),
  };
  const keys = Math.max(1, input.nodeKeys);
  const localOf = new Int32Array(keys);
  const stampOf = new Int32Array(keys).fill(-1);
  const work = new CascadeWork();
  const stats: CascadeStats[] = [];
  for (let c = 0; c < cascadeCount; c++) {
    const start = rowStart[c]!;
    const end = rowStart[c + 1]!;
    // Local numbering of the cascade's nodes.
    let n = 0;
    let sourceLocal = -1;
    const local = (key: number, user: number): number => {
      if (stampOf[key] === c) return localOf[key]!;
      stampOf[key] = c;
      localOf[key] = n;
      work.ensure(n + 1);
      work.user[n] = user;
      work.arrival[n] = Number.POSITIVE_INFINITY;
      return n++;
    };
    let edgeCount = 0;
    for (let k = start; k < end; k++) {
      const r = byCascade[k]!;
      const ch = local(input.child[r]!, input.childUser[r]!);
      const d = input.delay[r]!;
      if (d < work.arrival[ch]!) work.arrival[ch] = d;
      if (input.parent[r] === -1) {
        if (sourceLocal < 0) sourceLocal = ch;
        continue;
      }
      const p = local(input.parent[r]!, input.parentUser[r]!);
      if (p === ch) continue;
      work.ensureEdges(edgeCount + 1);
      work.edgeParent[edgeCount] = p;
      work.edgeChild[edgeCount++] = ch;
    }
    if (n === 0) continue;
    if (sourceLocal < 0) sourceLocal = work.edgeParent[0] ?? 0;
    if (work.arrival[sourceLocal] === Number.POSITIVE_INFINITY) work.arrival[sourceLocal] = 0;
    stats.push(work.analyze(input.cascadeIds[c]!, input.users, n, edgeCount, sourceLocal, spread));
  }
  const sizes = stats.map((s) => s.size).sort((a, b) => a - b);
  const mid = sizes.length >> 1;
  const sizeMedian = sizes.length === 0 ? 0 : sizes.length % 2 === 1 ? sizes[mid]! : (sizes[mid - 1]! + sizes[mid]!) / 2;
  return {
    cascades: stats,
    users: input.users,
    spread,
    edges: rows,
    sizeMedian,
    sizeMax: sizes.length === 0 ? 0 : sizes[sizes.length - 1]!,
    depthMax: stats.reduce((m, s) => Math.max(m, s.depth), 0),
  };
}

/** Scratch arrays reused across cascades (grown on demand). */
class CascadeWork {
  user = new Int32Array(64);
  arrival = new Float64Array(64);
  edgeParent = new Int32Array(64);
  edgeChild = new Int32Array(64);
  private offsets = new Int32Array(65);
  private children = new Int32Array(64);
  private depth = new Int32Array(64);
  private mark = new Int32Array(64);
  private queue = new Int32Array(64);
  private stamp = 0;

  ensure(n: number): void {
    if (n <= this.user.length) return;
    const size = Math.max(n, this.user.length * 2);
    const user = new Int32Array(size);
    user.set(this.user);
    this.user = user;
    const arrival = new Float64Array(size);
    arrival.set(this.arrival);
    this.arrival = arrival;
    this.offsets = new Int32Array(size + 1);
    this.depth = new Int32Array(size);
    this.mark = new Int32Array(size);
    this.queue = new Int32Array(size);
    this.stamp = 0;
  }

  ensureEdges(m: number): void {
    if (m <= this.edgeParent.length) return;
    const size = Math.max(m, this.edgeParent.length * 2);
    const p = new Int32Array(size);
    p.set(this.edgeParent);
    this.edgeParent = p;
    const ch = new Int32Array(size);
    ch.set(this.edgeChild);
    this.edgeChild = ch;
    this.children = new Int32Array(size);
  }

  /** BFS from `v`; returns the number of distinct nodes reached, `v` excluded. */
  private reach(v: number): number {
    const { offsets, children, mark, queue } = this;
    const s = ++this.stamp;
    mark[v] = s;
    queue[0] = v;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = queue[head++]!;
      for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
        const w = children[e]!;
        if (mark[w] !== s) {
          mark[w] = s;
          queue[tail++] = w;
        }
      }
    }
    return tail - 1;
  }

  analyze(id: string, users: string[], n: number, m: number, source: number, spread: UserSpread): CascadeStats {
    const { offsets, edgeParent, edgeChild, depth, mark, queue } = this;
    // Child lists without repeated parent→child pairs.
    offsets.fill(0, 0, n + 1);
    for (let e = 0; e < m; e++) offsets[edgeParent[e]! + 1]!++;
    for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
    const pos = offsets.slice(0, n);
    for (let e = 0; e < m; e++) this.children[pos[edgeParent[e]!]!++] = edgeChild[e]!;
    for (let v = 0; v < n; v++) {
      const s = ++this.stamp;
      let w = offsets[v]!;
      for (let e = offsets[v]!; e < pos[v]!; e++) {
        const ch = this.children[e]!;
        if (mark[ch] !== s) {
          mark[ch] = s;
          this.children[w++] = ch;
        }
      }
      pos[v] = w;
    }
    // Compact the deduplicated lists.
    let k = 0;
    for (let v = 0; v < n; v++) {
      const from = offsets[v]!;
      const to = pos[v]!;
      offsets[v] = k;
      for (let e = from; e < to; e++) this.children[k++] = this.children[e]!;
    }
    offsets[n] = k;
    // Depth and breadth by BFS from the source.
    depth.fill(-1, 0, n);
    depth[source] = 0;
    queue[0] = source;
    let head = 0;
    let tail = 1;
    let maxDepth = 0;
    while (head < tail) {
      const u = queue[head++]!;
      for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
        const w = this.children[e]!;
        if (depth[w]! < 0) {
          depth[w] = depth[u]! + 1;
          if (depth[w]! > maxDepth) maxDepth = depth[w]!;
          queue[tail++] = w;
        }
      }
    }
    const breadth = new Int32Array(maxDepth + 1);
    for (let i = 0; i < tail; i++) breadth[depth[queue[i]!]!]!++;
    let maxBreadth = 0;
    for (let d = 0; d <= maxDepth; d++) if (breadth[d]! > maxBreadth) maxBreadth = breadth[d]!;
    // Reach of every node that has children; users have one post per cascade, so this is per user.
    const sourceUser = this.user[source]!;
    for (let v = 0; v < n; v++) {
      const u = this.user[v]!;
      spread.cascades[u]!++;
      const kids = offsets[v + 1]! - offsets[v]!;
      if (kids === 0 && v !== source) continue;
      const r = kids === 0 ? 0 : this.reach(v);
      spread.totalReach[u]! += r;
      spread.directChildren[u]! += kids;
      if (v === source) {
        spread.started[u]!++;
        spread.startedReachSum[u]! += r;
        if (r > spread.startedReachMax[u]!) spread.startedReachMax[u] = r;
      } else if (u !== sourceUser) spread.secondaryReach[u]! += r;
    }
    return { id, source: users[sourceUser] ?? '', size: n, depth: maxDepth, maxBreadth, ...arrivalQuantiles(this.arrival, n) };
  }
}

/** Minutes until 50% and 90% of the nodes had arrived, from per-node arrival delays. */
function arrivalQuantiles(arrival: Float64Array, n: number): { t50: number | null; t90: number | null } {
  const times = arrival.slice(0, n).filter((t) => Number.isFinite(t));
  if (times.length < n) return { t50: null, t90: null };
  times.sort();
  const at = (q: number): number => times[Math.max(0, Math.ceil(q * n) - 1)]!;
  return { t50: at(0.5), t90: at(0.9) };
}

export type UserMetric = keyof UserSpread;

/** The k users with the highest value of one per-user metric, with every figure of each. */
export function topUsers(report: CascadeReport, metric: UserMetric, k: number): Array<{ user: string } & Record<UserMetric, number> & { startedReachAvg: number }> {
  const s = report.spread;
  return topIndices(s[metric], k).map((u) => ({
    user: report.users[u]!,
    started: s.started[u]!,
    startedReachSum: s.startedReachSum[u]!,
    startedReachAvg: s.started[u]! > 0 ? s.startedReachSum[u]! / s.started[u]! : 0,
    startedReachMax: s.startedReachMax[u]!,
    totalReach: s.totalReach[u]!,
    secondaryReach: s.secondaryReach[u]!,
    directChildren: s.directChildren[u]!,
    cascades: s.cascades[u]!,
  }));
}
