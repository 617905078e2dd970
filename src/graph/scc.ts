import type { Graph } from './csr.js';

export interface Components {
  /** Component of every node. */
  comp: Int32Array;
  count: number;
  /** Nodes grouped by component; components in topological order (every edge goes to the same or a later one). */
  order: Int32Array;
  /** Component c's nodes are order[offsets[c] .. offsets[c+1]). */
  offsets: Int32Array;
}

/**
 * Strongly connected components by an iterative Tarjan search over the out-adjacency (no recursion, so deep
 * graphs cannot overflow the stack). Tarjan emits a component after everything it reaches, so the emission order
 * reversed is a topological order of the condensation.
 */
export function stronglyConnectedComponents(g: Graph): Components {
  const { n, outOffsets, outTargets } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const comp = new Int32Array(n);
  const emitted = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let emittedCount = 0;
  let count = 0;
  const compStartInEmitted: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = outOffsets[root]!;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const e = callEdge[depth]!;
      if (e < outOffsets[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = outTargets[e]!;
        if (index[w]! < 0) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = outOffsets[w]!;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) low[v] = index[w]!;
        continue;
      }
      if (low[v] === index[v]) {
        compStartInEmitted.push(emittedCount);
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp[w] = count;
          emitted[emittedCount++] = w;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  // Reverse the emission order of components (keeping each component's nodes together).
  const order = new Int32Array(n);
  const offsets = new Int32Array(count + 1);
  const topoComp = new Int32Array(n);
  let pos = 0;
  for (let c = count - 1, k = 0; c >= 0; c--, k++) {
    const start = compStartInEmitted[c]!;
    const end = c + 1 < count ? compStartInEmitted[c + 1]! : emittedCount;
    offsets[k] = pos;
    for (let i = start; i < end; i++) order[pos++] = emitted[i]!;
  }
  offsets[count] = pos;
  for (let k = 0; k < count; k++) for (let i = offsets[k]!; i < offsets[k + 1]!; i++) topoComp[order[i]!] = k;
  return { comp: topoComp, count, order, offsets };
}
