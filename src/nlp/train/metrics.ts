/** Accuracy and F1 for single-label and multi-label predictions. */

export function accuracy(gold: readonly number[], pred: readonly number[]): number {
  let ok = 0;
  gold.forEach((g, i) => (ok += g === pred[i] ? 1 : 0));
  return gold.length ? ok / gold.length : 0;
}

/** True positives, false positives and false negatives, each positive row counting `wPos` and each negative `wNeg`. */
function tally(gold: readonly boolean[], pred: readonly boolean[], wPos = 1, wNeg = 1): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    if (g && pred[i]) tp += wPos;
    else if (!g && pred[i]) fp += wNeg;
    else if (g && !pred[i]) fn += wPos;
  });
  return { tp, fp, fn };
}

export function f1For(gold: readonly boolean[], pred: readonly boolean[]): { precision: number; recall: number; f1: number } {
  const { tp, fp, fn } = tally(gold, pred);
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * F1 with positive and negative rows weighted (importance weights): the F1 a decision rule would have on data
 * where the label's prevalence differs from the sample's.
 */
export function weightedF1(gold: readonly boolean[], pred: readonly boolean[], wPos: number, wNeg: number): number {
  const { tp, fp, fn } = tally(gold, pred, wPos, wNeg);
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/**
 * Weights for positive and negative rows that give a label with sample prevalence `sample` the prevalence
 * `target` (for weightedF1); 1 and 1 where either prevalence is 0 or 1.
 */
export function prevalenceWeights(sample: number, target: number): { wPos: number; wNeg: number } {
  return {
    wPos: sample > 0 && target > 0 ? target / sample : 1,
    wNeg: sample < 1 && target < 1 ? (1 - target) / (1 - sample) : 1,
  };
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
