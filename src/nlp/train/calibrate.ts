/** Calibration fitted on held-out rows: temperature scaling. */

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
