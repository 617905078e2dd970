/**
 * Before/after figures by k-fold cross-validation on the corrections: "before" is the base model's
 * label, "after" the label of an adaptation learned without the held-out fold.
 */
import { train, type Example, type TrainOptions } from './model.js';
import { CORRECTION_TASKS, intentSet, INTENT_NAMES, labelOf, type CorrectionTask } from './tasks.js';

export interface TaskFigures {
  /** Held-out corrections of this task. */
  n: number;
  accuracy: number;
  /** Macro-F1 (sentiment, abuse), F1 of "yes" (complaint), micro-F1 over the intents (intents). */
  f1: number;
}
export type Figures = Partial<Record<CorrectionTask, TaskFigures>>;

export interface Pair {
  gold: string;
  predicted: string;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

function f1(tp: number, fp: number, fn: number): number {
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}

/** Figures of one task from (gold, predicted) pairs. */
export function score(task: CorrectionTask, pairs: Pair[]): TaskFigures {
  const n = pairs.length;
  const accuracy = n ? pairs.filter((p) => p.gold === p.predicted).length / n : 0;
  let value: number;
  if (task === 'intents') {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const p of pairs) {
      const g = intentSet(p.gold);
      const q = intentSet(p.predicted);
      for (const name of INTENT_NAMES) {
        if (g.has(name) && q.has(name)) tp++;
        else if (q.has(name)) fp++;
        else if (g.has(name)) fn++;
      }
    }
    value = f1(tp, fp, fn);
  } else if (task === 'complaint') {
    const tp = pairs.filter((p) => p.gold === 'yes' && p.predicted === 'yes').length;
    const fp = pairs.filter((p) => p.gold !== 'yes' && p.predicted === 'yes').length;
    const fn = pairs.filter((p) => p.gold === 'yes' && p.predicted !== 'yes').length;
    value = f1(tp, fp, fn);
  } else {
    const classes = [...new Set(pairs.flatMap((p) => [p.gold, p.predicted]))];
    value = classes.length
      ? classes.reduce((s, c) => {
          const tp = pairs.filter((p) => p.gold === c && p.predicted === c).length;
          const fp = pairs.filter((p) => p.gold !== c && p.predicted === c).length;
          const fn = pairs.filter((p) => p.gold === c && p.predicted !== c).length;
          return s + f1(tp, fp, fn);
        }, 0) / classes.length
      : 0;
  }
  return { n, accuracy: r4(accuracy), f1: r4(value) };
}

export function figuresOf(pairs: Partial<Record<CorrectionTask, Pair[]>>): Figures {
  const out: Figures = {};
  for (const task of CORRECTION_TASKS) if (pairs[task]?.length) out[task] = score(task, pairs[task]!);
  return out;
}

export interface CrossValidation {
  folds: number;
  before: Figures;
  after: Figures;
}

/** k-fold cross-validation (k at most the number of examples; leave-one-out below k). Fold = index mod k. */
export function crossValidate(examples: Example[], k = 5, opts: TrainOptions = {}): CrossValidation {
  const folds = Math.max(1, Math.min(k, examples.length));
  const before: Partial<Record<CorrectionTask, Pair[]>> = {};
  const after: Partial<Record<CorrectionTask, Pair[]>> = {};
  for (let f = 0; f < folds; f++) {
    const held = examples.filter((_, i) => i % folds === f);
    const model = train(
      examples.filter((_, i) => i % folds !== f),
      opts,
    );
    for (const e of held) {
      const adapted = model.apply(e.text, e.base);
      for (const task of CORRECTION_TASKS) {
        const gold = e.labels[task];
        if (gold === undefined) continue;
        (before[task] ??= []).push({ gold, predicted: labelOf(e.base, task) });
        (after[task] ??= []).push({ gold, predicted: labelOf(adapted, task) });
      }
    }
  }
  return { folds, before: figuresOf(before), after: figuresOf(after) };
}

/**
 * Whether a version may become active: the held-out figures must not get worse — no fewer correct
 * held-out labels in all, and a mean F1 over the tasks no more than 0.01 lower. Returns the reason if not.
 */
export function judge(cv: CrossValidation): { ok: true } | { ok: false; reason: string } {
  const tasks = CORRECTION_TASKS.filter((t) => cv.before[t] && cv.after[t]);
  if (tasks.length === 0) return { ok: true };
  const correct = (f: Figures) => tasks.reduce((s, t) => s + f[t]!.accuracy * f[t]!.n, 0);
  const meanF1 = (f: Figures) => tasks.reduce((s, t) => s + f[t]!.f1, 0) / tasks.length;
  const [cb, ca] = [correct(cv.before), correct(cv.after)];
  if (ca + 1e-6 < cb) return { ok: false, reason: `held-out correct labels fell from ${Math.round(cb)} to ${Math.round(ca)}` };
  const [fb, fa] = [meanF1(cv.before), meanF1(cv.after)];
  if (fa < fb - 0.01) return { ok: false, reason: `held-out mean F1 fell from ${fb.toFixed(3)} to ${fa.toFixed(3)}` };
  return { ok: true };
}
