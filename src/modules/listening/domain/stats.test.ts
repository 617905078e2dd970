import { describe, expect, it } from 'vitest';
import { logGamma, logNegBinPmf, logUpperTailMidP, median, zFromLogUpperTail } from './stats.js';

describe('logGamma', () => {
  it('matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(2)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 10);
  });
});

describe('negative binomial', () => {
  const moments = (mean: number, phi: number): [number, number, number] => {
    let total = 0;
    let m1 = 0;
    let m2 = 0;
    for (let k = 0; k < 5000; k++) {
      const p = Math.exp(logNegBinPmf(k, mean, phi));
      total += p;
      m1 += k * p;
      m2 += k * k * p;
    }
    return [total, m1, m2 - m1 * m1];
  };

  it('is a distribution with variance mean + φ·mean² (φ = 0: Poisson)', () => {
    for (const [mean, phi] of [
      [3, 0],
      [3, 0.5],
      [40, 0.05],
      [0.2, 1],
    ] as const) {
      const [total, m, v] = moments(mean, phi);
      expect(total).toBeCloseTo(1, 9);
      expect(m).toBeCloseTo(mean, 6);
      expect(v).toBeCloseTo(mean + phi * mean * mean, 4);
    }
  });

  it('puts all mass on 0 when the mean is 0', () => {
    expect(logNegBinPmf(0, 0, 0.1)).toBe(0);
    expect(logNegBinPmf(3, 0, 0.1)).toBe(-Infinity);
  });
});

describe('logUpperTailMidP', () => {
  const direct = (k: number, mean: number, phi: number): number => {
    let gt = 0;
    for (let j = k + 1; j < 3000; j++) gt += Math.exp(logNegBinPmf(j, mean, phi));
    return gt + 0.5 * Math.exp(logNegBinPmf(k, mean, phi));
  };

  it('equals P(X > k) + ½P(X = k) on both sides of the mean', () => {
    for (const [mean, phi] of [
      [2, 0],
      [2, 0.3],
      [25, 0.05],
      [0.3, 0.02],
    ] as const) {
      for (const k of [0, 1, 2, 5, 10, 30, 60]) {
        expect(Math.exp(logUpperTailMidP(k, mean, phi))).toBeCloseTo(direct(k, mean, phi), 10);
      }
    }
  });

  it('decreases as the count grows', () => {
    let prev = 1;
    for (let k = 0; k < 100; k++) {
      const p = Math.exp(logUpperTailMidP(k, 10, 0.05));
      expect(p).toBeLessThan(prev);
      prev = p;
    }
  });

  it('stays finite deep in the tail, where p underflows', () => {
    const logP = logUpperTailMidP(1000, 1, 0);
    expect(Number.isFinite(logP)).toBe(true);
    expect(logP).toBeLessThan(-4000);
    expect(logUpperTailMidP(100_000, 50, 0.05)).toBeLessThan(-100);
  });

  it('handles a zero mean and rejects negative counts', () => {
    expect(logUpperTailMidP(0, 0, 0.1)).toBeCloseTo(Math.log(0.5), 12);
    expect(logUpperTailMidP(1, 0, 0.1)).toBe(-Infinity);
    expect(() => logUpperTailMidP(-1, 1, 0)).toThrow(RangeError);
  });
});

describe('zFromLogUpperTail', () => {
  it('inverts the normal upper tail', () => {
    expect(zFromLogUpperTail(Math.log(0.5))).toBeCloseTo(0, 8);
    expect(zFromLogUpperTail(Math.log(0.025))).toBeCloseTo(1.959964, 5);
    expect(zFromLogUpperTail(Math.log(0.975))).toBeCloseTo(-1.959964, 5);
    expect(zFromLogUpperTail(Math.log(3.167124183311998e-5))).toBeCloseTo(4, 5);
    expect(zFromLogUpperTail(Math.log(1e-10))).toBeCloseTo(6.361341, 4);
  });

  it('works from the log for p below the double range, and at the extremes', () => {
    const z = zFromLogUpperTail(-1000);
    expect(z).toBeGreaterThan(44);
    expect(z).toBeLessThan(45);
    expect(zFromLogUpperTail(-Infinity)).toBe(Infinity);
    expect(zFromLogUpperTail(0)).toBe(-Infinity);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
