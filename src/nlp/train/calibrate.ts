/** Calibration fitted on held-out rows: temperature scaling and the sentiment neutral band. */

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const e = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** The temperature T minimising the negative log-likelihood of softmax(scores / T). */
export function fitTemperature(scores: number[][], labels: number[]): number {
  const nll = (T: number): number => {
    let s = 0;
    scores.forEach((row, i) => {
      const p = softmax(row.map((v) => v / T));
      s -= Math.log(Math.max(1e-12, p[labels[i]!]!));
    });
    return s / scores.length;
  };
  let lo = 0.05;
  let hi = 20;
  for (let it = 0; it < 60; it++) {
    const a = lo + (hi - lo) * 0.382;
    const b = lo + (hi - lo) * 0.618;
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

/** Neutral band: logits [−b·z, a − c·|z|, b·z] over a polarity score z; neg/neu/pos = 0/1/2. */
export interface Band {
  a: number;
  b: number;
  c: number;
}

export function bandLogits(z: number, band: Band): [number, number, number] {
  return [-band.b * z, band.a - band.c * Math.abs(z), band.b * z];
}

/** Fits the band by gradient descent on the mean log-loss (rows: polarity score, label 0/1/2, weight). */
export function fitBand(rows: Array<{ z: number; y: number; w: number }>, iterations = 3000): Band {
  const band: Band = { a: 0, b: 1, c: 1 };
  const lr = 0.05;
  const total = rows.reduce((s, r) => s + r.w, 0);
  for (let it = 0; it < iterations; it++) {
    let ga = 0;
    let gb = 0;
    let gc = 0;
    for (const { z, y, w } of rows) {
      const p = softmax(bandLogits(z, band));
      const d = [p[0]! - (y === 0 ? 1 : 0), p[1]! - (y === 1 ? 1 : 0), p[2]! - (y === 2 ? 1 : 0)];
      ga += w * d[1]!;
      gb += w * (-z * d[0]! + z * d[2]!);
      gc += w * (-Math.abs(z) * d[1]!);
    }
    band.a -= (lr * ga) / total;
    band.b -= (lr * gb) / total;
    band.c -= (lr * gc) / total;
  }
  return band;
}
