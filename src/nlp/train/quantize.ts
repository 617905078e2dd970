/** Float weights → int8 with one scale per output, optionally pruned and with fewer levels. */

export interface QuantizeOptions {
  /** |w| quantile mapped to the largest level (larger weights are clipped); default 0.9995. */
  quantile?: number;
  /** Largest integer level (127 = full int8; 31 ≈ 6 bits, which gzip stores more compactly). */
  levels?: number;
  /** Fraction of non-zero weights kept, by magnitude (1 = keep all). */
  keep?: number;
}

export function quantize(W: Float32Array, K: number, options: QuantizeOptions = {}): { q: Int8Array; scales: number[] } {
  const quantile = options.quantile ?? 0.9995;
  const levels = options.levels ?? 127;
  const keep = options.keep ?? 1;
  const D = W.length / K;
  const q = new Int8Array(W.length);
  const scales: number[] = [];
  for (let k = 0; k < K; k++) {
    const mags: number[] = [];
    for (let j = 0; j < D; j++) {
      const v = Math.abs(W[j * K + k]!);
      if (v > 0) mags.push(v);
    }
    mags.sort((a, b) => a - b);
    const at = (p: number): number => mags[Math.min(mags.length - 1, Math.floor(mags.length * p))] ?? 0;
    const cut = keep < 1 ? at(1 - keep) : 0;
    const s = at(quantile) / levels || 1;
    scales.push(s);
    for (let j = 0; j < D; j++) {
      const w = W[j * K + k]!;
      if (Math.abs(w) < cut) continue;
      q[j * K + k] = Math.max(-levels, Math.min(levels, Math.round(w / s)));
    }
  }
  return { q, scales };
}
