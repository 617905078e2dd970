/** Small numerical helpers for the anomaly detector: log-gamma, Poisson/negative-binomial tails, normal quantile. */

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Dispersion below which the negative binomial is treated as Poisson. */
const POISSON_PHI = 1e-9;

/**
 * ln P(X = k) for a negative binomial with the given mean and dispersion φ (variance = mean + φ·mean²);
 * φ = 0 is Poisson.
 */
export function logNegBinPmf(k: number, mean: number, phi: number): number {
  if (mean <= 0) return k === 0 ? 0 : -Infinity;
  if (phi <= POISSON_PHI) return k * Math.log(mean) - mean - logGamma(k + 1);
  const r = 1 / phi;
  return logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(r / (r + mean)) + k * Math.log(mean / (r + mean));
}

/** P(X = j + 1) / P(X = j). */
function stepRatio(j: number, mean: number, phi: number): number {
  if (phi <= POISSON_PHI) return mean / (j + 1);
  const r = 1 / phi;
  return ((j + r) / (j + 1)) * (mean / (r + mean));
}

/**
 * ln of the mid-p upper tail, P(X > k) + ½·P(X = k), for X negative binomial (mean, φ). The mid-p value
 * is the usual correction for discrete counts: it is not stuck at 1 for k = 0 and is less conservative
 * than P(X ≥ k). Accurate far into the tail (works in log space), e.g. ln p ≈ -300 and below.
 */
export function logUpperTailMidP(k: number, mean: number, phi: number): number {
  if (!(k >= 0)) throw new RangeError('count must be ≥ 0');
  k = Math.floor(k);
  if (mean <= 0) return k === 0 ? Math.log(0.5) : -Infinity;
  const logPk = logNegBinPmf(k, mean, phi);
  if (k > mean) {
    // Sum upward from k; terms shrink once past the mode.
    let t = 1;
    let acc = 0.5;
    for (let j = k; j < k + 10_000_000; j++) {
      t *= stepRatio(j, mean, phi);
      acc += t;
      if (t < 1e-17 * acc) break;
    }
    return Math.min(0, logPk + Math.log(acc));
  }
  // Sum downward from k (terms shrink below the mode) for the lower tail, then complement.
  let t = 1;
  let acc = 0.5;
  for (let j = k - 1; j >= 0; j--) {
    t /= stepRatio(j, mean, phi);
    acc += t;
    if (t < 1e-17 * acc) break;
  }
  const lower = Math.exp(logPk + Math.log(acc));
  return Math.log1p(-Math.min(lower, 1 - 1e-16));
}

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function tailQuantile(logP: number): number {
  // Lower-tail quantile for small p, from ln p so that p far below 1e-300 still works.
  const q = Math.sqrt(-2 * logP);
  return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
}

/** The z with P(Z > z) = p for a standard normal Z, given ln p. z = 0 at p = ½; large p gives negative z. */
export function zFromLogUpperTail(logP: number): number {
  if (logP === -Infinity) return Infinity;
  if (logP >= 0) return -Infinity;
  const p = Math.exp(logP);
  const low = 0.02425;
  if (p < low) return -tailQuantile(logP);
  if (p > 1 - low) return tailQuantile(Math.log(-Math.expm1(logP)));
  const q = p - 0.5;
  const r = q * q;
  const lowerZ = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  return -lowerZ;
}

/** Median of a list (mean of the middle two for even lengths); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
