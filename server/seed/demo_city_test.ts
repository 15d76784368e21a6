import assert from "node:assert/strict";
import { DEMO_CITY, demoAgents, type DemoCategory } from "./demo_city.ts";

function assertUnique(values: string[], what: string) {
  const seen = new Set<string>();
  for (const v of values) {
    assert.ok(!seen.has(v), `duplicate ${what}: ${v}`);
    seen.add(v);
  }
}

function flattenCategories(nodes: DemoCategory[]): DemoCategory[] {
  return nodes.flatMap((n) => [n, ...flattenCategories(n.children ?? [])]);
}

Deno.test("city basics", () => {
  assert.equal(DEMO_CITY.city, "示范市");
  assert.equal(DEMO_CITY.districts.length, 8);
});

Deno.test("districts and streets: unique codes, street code prefixed by district", () => {
  assertUnique(DEMO_CITY.districts.map((d) => d.code), "district code");
  assertUnique(DEMO_CITY.districts.map((d) => d.name), "district name");
  const streets = DEMO_CITY.districts.flatMap((d) => d.streets);
  assertUnique(streets.map((s) => s.code), "street code");
  for (const d of DEMO_CITY.districts) {
    assert.match(d.code, /^\d{6}$/);
    assert.ok(d.streets.length >= 3 && d.streets.length <= 5, `${d.name} street count`);
    for (const s of d.streets) {
      assert.match(s.code, /^\d{9}$/);
      assert.ok(s.code.startsWith(d.code), `${s.code} not under ${d.code}`);
      assert.match(s.name, /(街道|镇)$/);
    }
  }
});

Deno.test("departments: unique codes, district departments reference districts", () => {
  const deps = DEMO_CITY.departments;
  assertUnique(deps.map((d) => d.code), "department code");
  assertUnique(deps.map((d) => d.name), "department name");
  assert.ok(deps.length >= 20, `only ${deps.length} departments`);
  const districtCodes = new Set(DEMO_CITY.districts.map((d) => d.code));
  const covered = new Set<string>();
  for (const d of deps) {
    if (d.kind === "district") {
      assert.ok(d.district && districtCodes.has(d.district), `${d.code} bad district`);
      covered.add(d.district);
    } else {
      assert.equal(d.district, undefined, `${d.code} should not have district`);
    }
  }
  assert.equal(covered.size, districtCodes.size, "every district has a government");
  for (const kind of ["bureau", "utility"] as const) {
    assert.ok(deps.some((d) => d.kind === kind), `no ${kind} department`);
  }
});

Deno.test("categories: exactly 3 levels, prefix-consistent, unique codes", () => {
  const roots = DEMO_CITY.categories;
  assert.ok(roots.length >= 12 && roots.length <= 15, `${roots.length} level-1 classes`);
  for (const c1 of roots) {
    assert.match(c1.code, /^\d{2}$/);
    assert.ok(c1.children && c1.children.length >= 2 && c1.children.length <= 5, c1.code);
    for (const c2 of c1.children) {
      assert.match(c2.code, /^\d{4}$/);
      assert.ok(c2.code.startsWith(c1.code), `${c2.code} not under ${c1.code}`);
      assert.ok(c2.children && c2.children.length >= 2 && c2.children.length <= 4, c2.code);
      for (const c3 of c2.children) {
        assert.match(c3.code, /^\d{6}$/);
        assert.ok(c3.code.startsWith(c2.code), `${c3.code} not under ${c2.code}`);
        assert.ok(!c3.children || c3.children.length === 0, `${c3.code} has a 4th level`);
      }
    }
  }
  const all = flattenCategories(roots);
  assertUnique(all.map((c) => c.code), "category code");
  assert.ok(all.length >= 120 && all.length <= 200, `${all.length} category nodes`);
  for (const c of all) assert.ok(c.name.length > 0, `${c.code} empty name`);
});

Deno.test("skills, queues, groups: unique codes, queues reference skills", () => {
  assertUnique(DEMO_CITY.skills.map((s) => s.code), "skill code");
  assertUnique(DEMO_CITY.queues.map((q) => q.code), "queue code");
  assertUnique(DEMO_CITY.groups.map((g) => g.code), "group code");
  const skillCodes = new Set(DEMO_CITY.skills.map((s) => s.code));
  for (const code of ["general", "business", "english", "complaint"]) {
    assert.ok(skillCodes.has(code), `missing skill ${code}`);
  }
  for (const q of DEMO_CITY.queues) {
    assert.ok(skillCodes.has(q.skill), `queue ${q.code} unknown skill ${q.skill}`);
    assert.ok(Number.isInteger(q.priority) && q.priority >= 1 && q.priority <= 10);
  }
  const prio = (c: string) => DEMO_CITY.queues.find((q) => q.code === c)!.priority;
  assert.ok(prio("complaint") > prio("general"), "complaint queue must outrank general");
});

Deno.test("demoAgents: count, uniqueness, references, determinism", () => {
  const agents = demoAgents();
  assert.ok(agents.length >= 40, `only ${agents.length} agents`);
  assertUnique(agents.map((a) => a.workNumber), "work number");
  assertUnique(agents.map((a) => a.name), "agent name");
  assert.deepEqual(demoAgents(), agents, "not deterministic");
  assert.equal(demoAgents(10).length, 10);
  assert.deepEqual(demoAgents(10), agents.slice(0, 10));

  const skillCodes = new Set(DEMO_CITY.skills.map((s) => s.code));
  const groupCodes = new Set(DEMO_CITY.groups.map((g) => g.code));
  const perGroup = new Map<string, number>();
  for (const a of agents) {
    assert.match(a.workNumber, /^\d{4}$/);
    assert.ok(a.name.length >= 2 && a.name.length <= 3, `bad name ${a.name}`);
    assert.ok(groupCodes.has(a.group), `${a.workNumber} unknown group ${a.group}`);
    perGroup.set(a.group, (perGroup.get(a.group) ?? 0) + 1);
    assertUnique(a.skills.map((s) => s.skill), `skill of ${a.workNumber}`);
    for (const s of a.skills) {
      assert.ok(skillCodes.has(s.skill), `${a.workNumber} unknown skill ${s.skill}`);
      assert.ok(Number.isInteger(s.level) && s.level >= 1 && s.level <= 5);
    }
    const has = (c: string) => a.skills.some((s) => s.skill === c);
    assert.ok(has("general"), `${a.workNumber} lacks general`);
    if (a.group === "business") assert.ok(has("business"), a.workNumber);
    if (a.group === "english") assert.ok(has("english"), a.workNumber);
  }
  for (const g of groupCodes) {
    assert.ok((perGroup.get(g) ?? 0) >= 3, `group ${g} has too few agents`);
  }
  assert.ok(agents.some((a) => a.skills.some((s) => s.skill === "complaint")));
});
