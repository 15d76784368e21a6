import assert from "node:assert/strict";
import { type ClusterCase, jaccard, nearDuplicateClusters, shingles } from "./near_duplicates.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-02T02:00:00Z");
let serial = 0;
const c = (content: string, district: string | null, day = 0): ClusterCase => ({
  case_number: String(10_000_000 + ++serial),
  created_at: T0 + day * DAY,
  district_code: district,
  content,
});

Deno.test("jaccard() of character bigrams, by hand", () => {
  // {ab, bc, cd} and {ab, bc, ce}: 2 shared of 4
  assert.equal(jaccard(shingles("abcd"), shingles("abce")), 0.5);
  // punctuation and case do not count: the same bigrams
  assert.equal(jaccard(shingles("幸福路，路灯"), shingles("幸福路路灯!")), 1);
  assert.equal(jaccard(shingles("停水"), shingles("停电")), 0);
  assert.equal(jaccard(shingles(""), shingles("")), 0);
});

Deno.test("nearDuplicateClusters() groups the same matter at the same place within 3 days", () => {
  const noise = "幸福路12号小区门口的路灯坏了好几天，晚上走路很不安全，请尽快修理。";
  const cases = [
    c(noise, "390101", 0),
    c("幸福路12号小区门口路灯坏了好几天了，晚上走路很不安全，请尽快派人修理！", "390101", 1),
    c("幸福路12号小区门口的路灯坏了好几天，晚上走路不安全，请尽快修理。", "390101", 2.5),
    // the same words in another district, and ten days later: other matters
    c(noise, "390102", 1),
    c(noise, "390101", 12),
    // another matter in the same district
    c("金桥街道菜市场门口占道经营严重，车辆无法通行。", "390101", 1),
  ];
  const clusters = nearDuplicateClusters(cases);
  assert.equal(clusters.length, 1);
  assert.deepEqual(
    clusters[0].cases.map((x) => x.case_number),
    [cases[2], cases[1], cases[0]].map((x) => x.case_number),
  );
  assert.equal(clusters[0].district_code, "390101");
  assert.ok(clusters[0].min_similarity >= 0.5 && clusters[0].min_similarity < 1);
});

Deno.test("nearDuplicateClusters() links transitively and sorts the largest first", () => {
  const a = "东城区青石街道望湖小区物业收费上涨没有公示，业主意见很大，请核实。";
  const cases = [
    c("河道里有人偷排污水，发黑发臭，在南湖区渔港镇码头附近。", null, 0),
    c("河道里有人偷排污水，发黑发臭，在南湖区渔港镇码头附近！！", null, 0.1),
    c(a, "390101", 0),
    c(a.replace("请核实", "请有关部门核实"), "390101", 0.2),
    c(a.replace("请核实", "请有关部门尽快核实处理"), "390101", 0.4),
  ];
  const clusters = nearDuplicateClusters(cases);
  assert.deepEqual(clusters.map((x) => x.cases.length), [3, 2]);
  assert.equal(clusters[1].district_code, null);
});

Deno.test("nearDuplicateClusters() finds pairs among a thousand unrelated texts", () => {
  const words = "路灯 停水 噪音 油烟 工地 垃圾 物业 公交 医保 社保 学校 电梯 施工 占道 拆迁 违建"
    .split(" ");
  const cases: ClusterCase[] = [];
  for (let i = 0; i < 1000; i++) {
    const text = Array.from({ length: 12 }, (_, k) => words[(i * 7 + k * k * 3 + i * k) % 16])
      .join("") + `第${i}号`;
    cases.push(c(text, `3901${String(i % 8).padStart(2, "0")}`, (i % 30) / 10));
  }
  cases.push(c(cases[500].content + "。", cases[500].district_code, 0.5));
  const clusters = nearDuplicateClusters(cases);
  assert.ok(
    clusters.some((x) => x.cases.some((y) => y.case_number === cases[1000].case_number)),
    "the planted duplicate was not found",
  );
});
