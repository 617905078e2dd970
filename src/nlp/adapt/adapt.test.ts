import { messages } from '../train/sets.js';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../index.js';
import { crossValidate, decodeAdaptation, encodeAdaptation, judge, labelOf, score, train, canonicalLabel, type Example } from './index.js';

const analyzer = createAnalyzer({ explain: false });

/** Posts about an in-app game whose slang the base model never saw: "꿀잼" style praise written as 뿌잉뿌잉. */
const SLANG = [
  '소통페이 이벤트 뿌잉뿌잉 대박',
  '뿌잉뿌잉 소통페이 포인트 이벤트',
  '이번 소통페이 룰렛 뿌잉뿌잉',
  '소통페이 출석체크 뿌잉뿌잉 또 할래요',
  '룰렛 돌렸는데 뿌잉뿌잉 소통페이',
  '소통페이 뿌잉뿌잉 친구한테도 추천',
  '뿌잉뿌잉 소통페이 최고 이벤트',
  '소통페이 적립 뿌잉뿌잉',
];
const HELD_OUT = '소통페이 새 이벤트도 뿌잉뿌잉';

/** Unrelated texts: the first training rows of the corpus (corpus/train/*.tsv, the text column). */
function corpusTexts(n: number): string[] {
  return messages('train')
    .slice(0, n)
    .map((m) => m.text);
}

const example = (text: string, labels: Example['labels']): Example => ({ text, base: analyzer.analyze(text), labels });

describe('adaptation (src/nlp/adapt)', () => {
  const examples = SLANG.map((t) => example(t, { sentiment: 'positive', intents: 'praise' }));
  const model = train(examples);

  it('learns from a handful of corrections: a similar unseen text moves to the corrected labels', () => {
    const base = analyzer.analyze(HELD_OUT);
    const adapted = model.apply(HELD_OUT, base);
    expect(adapted.sentiment.probs.positive).toBeGreaterThan(base.sentiment.probs.positive + 0.2);
    expect(adapted.sentiment.label).toBe('positive');
    expect(adapted.intents.labels).toContain('praise');
    expect(adapted.intents.probs.praise).toBeGreaterThan(base.intents.probs.praise);
    // the shape of the analysis is kept
    expect(Object.keys(adapted.sentiment.probs).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(adapted.sentiment.probs.negative + adapted.sentiment.probs.neutral + adapted.sentiment.probs.positive).toBeCloseTo(1, 3);
  });

  it('leaves unrelated texts nearly where they were', () => {
    const texts = corpusTexts(200);
    let changed = 0;
    let drift = 0;
    for (const t of texts) {
      const base = analyzer.analyze(t);
      const a = model.apply(t, base);
      if (['sentiment', 'complaint', 'intents', 'abuse'].some((task) => labelOf(a, task as never) !== labelOf(base, task as never))) changed++;
      drift += Math.abs(a.sentiment.probs.positive - base.sentiment.probs.positive);
    }
    expect(changed / texts.length).toBeLessThan(0.05);
    expect(drift / texts.length).toBeLessThan(0.03);
  });

  it('round-trips through its compact encoding with the same predictions', () => {
    const bytes = encodeAdaptation(model);
    const back = decodeAdaptation(bytes);
    expect(back.examples).toBe(SLANG.length);
    expect(back.thresholds).toEqual(model.thresholds);
    for (const t of [HELD_OUT, ...corpusTexts(30)]) {
      const base = analyzer.analyze(t);
      const [a, b] = [model.apply(t, base), back.apply(t, base)];
      expect(b.sentiment.label).toBe(a.sentiment.label);
      expect(b.intents.labels).toEqual(a.intents.labels);
      expect(Math.abs(b.sentiment.probs.positive - a.sentiment.probs.positive)).toBeLessThan(0.02);
    }
    expect(bytes.length).toBeLessThan(200_000);
  });

  it('an adaptation without examples changes nothing', () => {
    const empty = train([]);
    const base = analyzer.analyze(HELD_OUT);
    expect(empty.apply(HELD_OUT, base)).toBe(base);
    expect(decodeAdaptation(encodeAdaptation(empty)).weights.size).toBe(0);
  });

  it('cross-validates: held-out corrections of a consistent pattern get better, and the version is accepted', () => {
    const cv = crossValidate(examples, 4);
    expect(cv.folds).toBe(4);
    expect(cv.before.sentiment!.n).toBe(SLANG.length);
    expect(cv.after.sentiment!.accuracy).toBeGreaterThan(cv.before.sentiment!.accuracy);
    expect(judge(cv).ok).toBe(true);
  });

  it('rejects a version whose held-out figures get worse', () => {
    const worse = judge({ folds: 2, before: { sentiment: { n: 10, accuracy: 0.9, f1: 0.9 } }, after: { sentiment: { n: 10, accuracy: 0.6, f1: 0.5 } } });
    expect(worse.ok).toBe(false);
  });

  it('scores tasks and reads labels canonically', () => {
    expect(
      score('complaint', [
        { gold: 'yes', predicted: 'yes' },
        { gold: 'no', predicted: 'yes' },
      ]).f1,
    ).toBeCloseTo(2 / 3, 3);
    expect(score('intents', [{ gold: 'inquiry,churn', predicted: 'churn' }]).f1).toBeCloseTo(2 / 3, 3);
    expect(canonicalLabel('intents', 'churn, inquiry')).toBe('inquiry,churn');
    expect(canonicalLabel('intents', 'none')).toBe('none');
    expect(canonicalLabel('intents', 'complaint')).toBeNull();
    expect(canonicalLabel('sentiment', 'angry')).toBeNull();
    expect(canonicalLabel('complaint', 'YES')).toBe('yes');
  });
});
