/** Accuracy and F1 for single-label and multi-label predictions. */

export function accuracy(gold: readonly number[], pred: readonly number[]): number {
  let ok = 0;
  gold.forEach((g, i) => (ok += g === pred[i] ? 1 : 0));
  return gold.length ? ok / gold.length : 0;
}

export function f1For(gold: readonly boolean[], pred: readonly boolean[]): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    if (g && pred[i]) tp++;
    else if (!g && pred[i]) fp++;
    else if (g && !pred[i]) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function macroF1(gold: readonly number[], pred: readonly number[], classes: number): number {
  let sum = 0;
  for (let k = 0; k < classes; k++)
    sum += f1For(
      gold.map((g) => g === k),
      pred.map((p) => p === k),
    ).f1;
  return sum / classes;
}
