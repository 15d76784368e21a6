import assert from "node:assert/strict";
import { mulberry32 } from "../seed/prng.ts";
import {
  type CountSeries,
  lnGamma,
  negBinomialUpperTail,
  poissonUpperTail,
  risingTopics,
  scoreSeries,
} from "./spike_stats.ts";

const close = (actual: number, expected: number, relative = 1e-9) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not ${expected}`,
  );

/** Knuth's method: fine for the small means of these tests. */
function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

Deno.test("lnGamma() matches factorials", () => {
  close(lnGamma(5), Math.log(24));
  close(lnGamma(11), Math.log(3628800));
  close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)));
});

Deno.test("poissonUpperTail() matches sums by hand", () => {
  // 1 − e⁻²(1 + 2 + 2 + 4/3 + 2/3) = 1 − 7e⁻²
  close(poissonUpperTail(5, 2), 1 - 7 * Math.exp(-2));
  close(poissonUpperTail(1, 1), 1 - Math.exp(-1));
  // e⁻¹ (1/10! + 1/11! + …): the tail summed upwards keeps its digits where 1 − CDF would not
  close(poissonUpperTail(10, 1), 1.1142547833872069e-7, 1e-7);
  assert.equal(poissonUpperTail(0, 3), 1);
  assert.equal(poissonUpperTail(3, 0), 0);
  assert.ok(poissonUpperTail(200, 1) < 1e-300);
});

Deno.test("poissonUpperTail() of a large mean is about a half at the mean", () => {
  const p = poissonUpperTail(100_000, 100_000);
  assert.ok(p > 0.49 && p < 0.51, String(p));
});

Deno.test("negBinomialUpperTail() matches sums by hand", () => {
  // mean 2, variance 4: r = 2, q = ½, P(k) = (k + 1) ÷ 2^(k+2): P(≥3) = 1 − (¼ + ¼ + 3/16)
  close(negBinomialUpperTail(3, 2, 4), 0.3125);
  // P(≥5) = 1 − (¼ + ¼ + 3/16 + ⅛ + 5/64) = 7/64
  close(negBinomialUpperTail(5, 2, 4), 7 / 64);
  // no overdispersion: Poisson
  close(negBinomialUpperTail(5, 2, 2), 1 - 7 * Math.exp(-2));
  // a restless baseline makes the same count less surprising
  assert.ok(negBinomialUpperTail(10, 2, 8) > poissonUpperTail(10, 2) * 100);
});

Deno.test("scoreSeries() uses the baseline's mean and variance", async (t) => {
  await t.step("a steady baseline: Poisson", () => {
    const s = scoreSeries({ key: "a", current: 5, baseline: [2, 2, 2, 2] });
    close(s.p, 1 - 7 * Math.exp(-2));
    assert.equal(s.expected, 2);
    assert.equal(s.ratio, 2.5);
    close(s.z, 3 / Math.SQRT2);
    assert.deepEqual(s.series, [2, 2, 2, 2, 5]);
  });
  await t.step("a restless baseline: negative binomial with its variance", () => {
    // mean 2, sample variance (4 + 4 + 4 + 4) ÷ 3 = 16/3
    const s = scoreSeries({ key: "b", current: 5, baseline: [0, 4, 0, 4] });
    close(s.p, negBinomialUpperTail(5, 2, 16 / 3));
    close(s.z, 3 / Math.sqrt(16 / 3));
  });
  await t.step("a topic never seen before is measured against the floor", () => {
    const s = scoreSeries({ key: "c", current: 6, baseline: [0, 0, 0, 0] });
    assert.equal(s.ratio, 12);
    close(s.p, poissonUpperTail(6, 0.5));
  });
});

Deno.test("risingTopics() finds the one spike among 60 seeded Poisson topics", () => {
  const random = mulberry32(7);
  const series: CountSeries[] = [];
  for (let i = 0; i < 60; i++) {
    const lambda = 1 + (i % 30);
    const baseline = Array.from({ length: 8 }, () => poisson(random, lambda));
    // topic 17 (λ = 18) has three times its usual count now
    const current = i === 17 ? 54 : poisson(random, lambda);
    series.push({ key: `t${i}`, current, baseline });
  }
  const rising = risingTopics(series);
  assert.deepEqual(rising.map((r) => r.key), ["t17"]);
  assert.ok(rising[0].ratio > 2.5);
});

Deno.test("risingTopics() raises no alarm on 2,000 flat seeded Poisson topics", () => {
  const random = mulberry32(20261128);
  const series: CountSeries[] = [];
  for (let i = 0; i < 2000; i++) {
    const lambda = 0.5 + (i % 40) * 2;
    series.push({
      key: `t${i}`,
      current: poisson(random, lambda),
      baseline: Array.from({ length: 8 }, () => poisson(random, lambda)),
    });
  }
  assert.deepEqual(risingTopics(series), []);
  // Without the division among the candidates, noise alone would pass α = 0.01.
  const loose = series.map((s) => scoreSeries(s)).filter((s) => s.current >= 5 && s.p < 0.01);
  assert.ok(loose.length > 0);
});

Deno.test("risingTopics() ignores small counts and small ratios", () => {
  const rising = risingTopics([
    { key: "new but tiny", current: 4, baseline: [0, 0, 0, 0, 0, 0, 0, 0] },
    {
      key: "big but usual",
      current: 1100,
      baseline: [1000, 1010, 990, 1005, 995, 1000, 1000, 1000],
    },
    { key: "new", current: 12, baseline: [0, 0, 0, 0, 0, 0, 0, 0] },
  ]);
  assert.deepEqual(rising.map((r) => r.key), ["new"]);
});
