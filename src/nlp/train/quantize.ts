/** Float weights → int8 with one scale per output (the largest weights clipped at a high quantile). */
export function quantize(W: Float32Array, K: number, quantile = 0.9995): { q: Int8Array; scales: number[] } {
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
    const top = mags.length ? mags[Math.min(mags.length - 1, Math.floor(mags.length * quantile))]! : 1;
    const s = top / 127 || 1;
    scales.push(s);
    for (let j = 0; j < D; j++) {
      const v = Math.round(W[j * K + k]! / s);
      q[j * K + k] = Math.max(-127, Math.min(127, v));
    }
  }
  return { q, scales };
}
