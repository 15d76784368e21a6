/**
 * Counts against their own baseline: is this window's count surprising? Pure numbers, no I/O.
 *
 * The model (docs/hotspots.md): a topic's count in a window is Poisson with the mean of its
 * baseline windows; when the baseline varies more than Poisson allows (its sample variance above
 * its mean — weekly cycles, campaigns), negative binomial with that mean and variance instead, so a
 * restless topic needs a bigger jump. The p-value is the upper tail P(X ≥ x).
 */

const LANCZOS = [
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; 15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i + 1);
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Σ P(k) for k ≥ x, given ln P(x) and the ratio P(k+1)/P(k). Summed from x upwards until the
 * terms no longer matter: it keeps the tiny p-values of big spikes exact, where 1 − CDF is 0.
 */
function upperSum(lnFirst: number, ratio: (k: number) => number, x: number): number {
  let term = Math.exp(lnFirst);
  let sum = 0;
  for (let k = x; k < x + 100_000; k++) {
    sum += term;
    term *= ratio(k);
    if (term < sum * 1e-16 && ratio(k) < 1) break;
  }
  return Math.min(1, sum);
}

/** erfc(x), |error| < 1.2e-7 (Numerical Recipes' erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                  t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                                  t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}

/**
 * The body of a distribution below its mean, where the tail is large and no test cares about
 * its digits: summed exactly for small means, by the normal approximation for large ones.
 */
function lowerComplement(x: number, mean: number, variance: number, lnP: (k: number) => number) {
  if (mean > 1000) return 0.5 * erfc((x - 0.5 - mean) / Math.sqrt(2 * variance));
  let below = 0;
  for (let k = 0; k < x; k++) below += Math.exp(lnP(k));
  return Math.max(0, 1 - below);
}

/** P(X ≥ x) for X ~ Poisson(λ). */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  if (lambda <= 0) return 0;
  const lnP = (k: number) => -lambda + k * Math.log(lambda) - lnGamma(k + 1);
  if (x > lambda) return upperSum(lnP(x), (k) => lambda / (k + 1), x);
  return lowerComplement(x, lambda, lambda, lnP);
}

/**
 * P(X ≥ x) for a negative binomial with the given mean and variance (variance > mean):
 * r = mean² ÷ (variance − mean) "successes", failure probability q = mean ÷ (r + mean).
 */
export function negBinomialUpperTail(x: number, mean: number, variance: number): number {
  if (variance <= mean) return poissonUpperTail(x, mean);
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  const r = (mean * mean) / (variance - mean);
  const q = mean / (r + mean);
  const lnP = (k: number) =>
    lnGamma(k + r) - lnGamma(r) - lnGamma(k + 1) + r * Math.log(1 - q) + k * Math.log(q);
  if (x > mean) return upperSum(lnP(x), (k) => ((k + r) / (k + 1)) * q, x);
  return lowerComplement(x, mean, variance, lnP);
}

export interface RisingOptions {
  /** A window with fewer cases is never rising, whatever its baseline. */
  minCount: number;
  /** Nor one less than this many times its expected count. */
  minRatio: number;
  /** Family-wise: divided among the candidates tested (Bonferroni). */
  alpha: number;
  /** The expected count of a topic never seen before (a baseline of zeros). */
  lambdaFloor: number;
}

export const RISING_DEFAULTS: RisingOptions = {
  minCount: 5,
  minRatio: 1.5,
  alpha: 0.01,
  lambdaFloor: 0.5,
};

export interface CountSeries {
  key: string;
  /** The count in the current window. */
  current: number;
  /** The counts in the baseline windows, oldest first. */
  baseline: number[];
}

export interface RisingTopic {
  key: string;
  current: number;
  /** The mean of the baseline windows. */
  expected: number;
  /** current ÷ max(expected, lambdaFloor). */
  ratio: number;
  /** (current − λ) ÷ √max(variance, λ). */
  z: number;
  p: number;
  /** Baseline then current, for a sparkline. */
  series: number[];
}

function meanVariance(xs: number[]): [number, number] {
  if (xs.length === 0) return [0, 0];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length < 2
    ? mean
    : xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return [mean, variance];
}

/** Scores one series; `p` is the one-sided tail of the Poisson or negative binomial model. */
export function scoreSeries(s: CountSeries, o: RisingOptions = RISING_DEFAULTS): RisingTopic {
  const [mean, variance] = meanVariance(s.baseline);
  const lambda = Math.max(mean, o.lambdaFloor);
  const p = variance > lambda
    ? negBinomialUpperTail(s.current, lambda, variance)
    : poissonUpperTail(s.current, lambda);
  return {
    key: s.key,
    current: s.current,
    expected: mean,
    ratio: s.current / lambda,
    z: (s.current - lambda) / Math.sqrt(Math.max(variance, lambda)),
    p,
    series: [...s.baseline, s.current],
  };
}

/**
 * The series whose current count is significantly above their own baseline, most significant
 * first. Candidates are the series with at least `minCount`; each is tested at alpha ÷ candidates.
 */
export function risingTopics(
  series: readonly CountSeries[],
  o: RisingOptions = RISING_DEFAULTS,
): RisingTopic[] {
  const candidates = series.filter((s) => s.current >= o.minCount);
  const threshold = o.alpha / Math.max(1, candidates.length);
  return candidates
    .map((s) => scoreSeries(s, o))
    .filter((t) => t.ratio >= o.minRatio && t.p < threshold)
    .sort((a, b) => a.p - b.p || b.z - a.z || a.key.localeCompare(b.key));
}
