import assert from "node:assert/strict";
import { erlangC, evaluate, serviceLevel, staffing, trafficErlangs } from "./erlang_c.ts";

const TOLERANCE = 0.0005;

function near(actual: number, expected: number, tolerance = TOLERANCE): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

// domain.md test vector: 100 calls per 30 min, AHT 180 s → A = 100·180/1800 = 10 erlangs.
const VECTOR = {
  calls: 100,
  intervalSeconds: 1800,
  ahtSeconds: 180,
  answerSeconds: 20,
  targetServiceLevel: 0.8,
};

Deno.test("the domain.md test vector needs 14 agents for 80 % in 20 s", () => {
  const r = staffing(VECTOR);
  assert.equal(r.agents, 14);
  assert.equal(r.traffic_erlangs, 10);
  near(r.p_wait, 0.17413);
  near(r.service_level, 0.88835);
  near(r.asa_s, 7.836);
  near(r.occupancy, 0.714);
});

Deno.test("13 agents on the test vector fall just short of 80 %", () => {
  const r = evaluate(13, VECTOR);
  near(r.service_level, 0.7956);
  assert.ok(r.service_level < 0.8);
  near(serviceLevel(13, 10, 180, 20), 0.7956);
  near(serviceLevel(14, 10, 180, 20), 0.88835);
});

Deno.test("erlangC matches the test vector and is 1 for an unstable queue", () => {
  near(erlangC(14, 10), 0.17413);
  assert.equal(erlangC(10, 10), 1);
  assert.equal(erlangC(3, 10), 1);
  assert.equal(erlangC(0, 0.5), 1);
});

Deno.test("with no traffic nobody waits and zero agents meet any target", () => {
  assert.equal(erlangC(0, 0), 0);
  assert.equal(erlangC(5, 0), 0);
  const r = staffing({ ...VECTOR, calls: 0, targetServiceLevel: 0.99 });
  assert.deepEqual(r, {
    agents: 0,
    traffic_erlangs: 0,
    p_wait: 0,
    service_level: 1,
    asa_s: 0,
    occupancy: 0,
  });
  assert.equal(evaluate(3, { ...VECTOR, calls: 0 }).service_level, 1);
});

Deno.test("an understaffed evaluation reports no service, infinite ASA and full occupancy", () => {
  const r = evaluate(8, VECTOR);
  assert.equal(r.p_wait, 1);
  assert.equal(r.service_level, 0);
  assert.equal(r.asa_s, Infinity);
  assert.equal(r.occupancy, 1);
  assert.equal(evaluate(0, VECTOR).occupancy, 1);
});

Deno.test("large traffic of 500 erlangs stays finite and monotone in the number of agents", () => {
  // 10,000 calls an hour at 180 s → A = 10000·180/3600 = 500.
  const big = { ...VECTOR, calls: 10_000, intervalSeconds: 3600 };
  assert.equal(trafficErlangs(big), 500);
  const r = staffing(big);
  assert.ok(r.agents > 500 && r.agents < 560, `agents ${r.agents}`);
  assert.ok(r.service_level >= 0.8);
  assert.ok(evaluate(r.agents - 1, big).service_level < 0.8);
  let previousC = 1;
  let previousSl = 0;
  for (let n = 501; n <= 600; n++) {
    const c = erlangC(n, 500);
    const sl = serviceLevel(n, 500, 180, 20);
    assert.ok(Number.isFinite(c) && c > 0 && c <= 1, `C(${n}) = ${c}`);
    assert.ok(c < previousC, `C must fall at N = ${n}`);
    assert.ok(sl > previousSl && sl <= 1, `SL must rise at N = ${n}`);
    previousC = c;
    previousSl = sl;
  }
});

Deno.test("a higher target never needs fewer agents", () => {
  let previous = 0;
  for (const target of [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
    const { agents } = staffing({ ...VECTOR, targetServiceLevel: target });
    assert.ok(agents >= previous, `target ${target}: ${agents} < ${previous}`);
    previous = agents;
  }
});

Deno.test("invalid inputs throw a RangeError naming the field", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => erlangC(-1, 5), /agents/],
    [() => erlangC(2.5, 1), /agents/],
    [() => erlangC(10, -1), /trafficErlangs/],
    [() => erlangC(10, NaN), /trafficErlangs/],
    [() => serviceLevel(10, 5, 0, 20), /ahtSeconds/],
    [() => serviceLevel(10, 5, 180, -1), /answerSeconds/],
    [() => staffing({ ...VECTOR, calls: -1 }), /calls/],
    [() => staffing({ ...VECTOR, calls: NaN }), /calls/],
    [() => staffing({ ...VECTOR, intervalSeconds: 0 }), /intervalSeconds/],
    [() => staffing({ ...VECTOR, ahtSeconds: Infinity }), /ahtSeconds/],
    [() => staffing({ ...VECTOR, targetServiceLevel: 0 }), /targetServiceLevel/],
    [() => staffing({ ...VECTOR, targetServiceLevel: 1 }), /targetServiceLevel/],
    [() => staffing({ ...VECTOR, targetServiceLevel: NaN }), /targetServiceLevel/],
    [() => staffing({ ...VECTOR, maxAgents: -3 }), /maxAgents/],
    [() => evaluate(-2, VECTOR), /agents/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (e) => e instanceof RangeError && message.test(e.message));
  }
});

Deno.test("a target out of reach within maxAgents throws instead of looping", () => {
  assert.throws(
    () => staffing({ ...VECTOR, maxAgents: 12 }),
    (e) => e instanceof RangeError && /not reachable with at most 12 agents/.test(e.message),
  );
});
