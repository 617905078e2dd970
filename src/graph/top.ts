/**
 * Top-k selection over a score array without sorting every node: a bounded min-heap keeps the k best
 * indices. Ties are broken by the lower index (first appearance in the input), so output is deterministic.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  const size = Math.max(0, Math.min(k, n));
  if (size === 0) return [];
  // heap[0] is the worst of the kept entries: lower value, or equal value and higher index.
  const heap = new Int32Array(size);
  let count = 0;
  const worse = (a: number, b: number): boolean => {
    const va = values[a]!;
    const vb = values[b]!;
    return va < vb || (va === vb && a > b);
  };
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < count && worse(heap[l]!, heap[w]!)) w = l;
      if (r < count && worse(heap[r]!, heap[w]!)) w = r;
      if (w === i) return;
      const tmp = heap[i]!;
      heap[i] = heap[w]!;
      heap[w] = tmp;
      i = w;
    }
  };
  for (let v = 0; v < n; v++) {
    if (count < size) {
      let i = count++;
      heap[i] = v;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        const tmp = heap[i]!;
        heap[i] = heap[p]!;
        heap[p] = tmp;
        i = p;
      }
    } else if (worse(heap[0]!, v)) {
      heap[0] = v;
      siftDown(0);
    }
  }
  const out = Array.from(heap.subarray(0, count));
  out.sort((a, b) => values[b]! - values[a]! || a - b);
  return out;
}

/** `[id, value]` pairs of the k highest values, best first. */
export function topPairs(ids: readonly string[], values: ArrayLike<number>, k: number): Array<[string, number]> {
  return topIndices(values, k).map((i) => [ids[i] ?? String(i), values[i]!]);
}
