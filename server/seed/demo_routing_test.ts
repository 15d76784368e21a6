import assert from "node:assert/strict";
import { DEMO_CITY, type DemoCategory } from "./demo_city.ts";
import { demoRoutes } from "./demo_routing.ts";

const leaves = (nodes: DemoCategory[]): DemoCategory[] =>
  nodes.flatMap((n) => n.children ? leaves(n.children) : [n]);

Deno.test("demoRoutes() routes every leaf of the demo city once, to a department that exists", () => {
  const routes = demoRoutes();
  const cityLeaves = leaves(DEMO_CITY.categories);
  assert.deepEqual(routes.map((r) => r.category), cityLeaves.map((l) => l.code));
  assert.deepEqual(routes.map((r) => r.name), cityLeaves.map((l) => l.name));
  assert.equal(new Set(cityLeaves.map((l) => l.name)).size, cityLeaves.length, "leaf names unique");
  const departments = new Set(DEMO_CITY.departments.map((d) => d.code));
  const unknown = routes.filter((r) => !departments.has(r.department));
  assert.deepEqual(unknown, []);
});

Deno.test("demoRoutes() keeps working days within policy limits and gives citizens' words", () => {
  for (const r of demoRoutes()) {
    if (r.working_days !== null) {
      assert.ok(Number.isInteger(r.working_days) && r.working_days >= 0 && r.working_days <= 60);
    }
    assert.ok(r.keywords.every((k) => k.trim() === k && k.length >= 1 && k.length <= 20), r.name);
    assert.equal(new Set(r.keywords).size, r.keywords.length, `${r.name}: duplicate keyword`);
    if (r.name !== "其他事项") assert.ok(r.keywords.length >= 2, `${r.name} has keywords`);
  }
});

Deno.test("demoRoutes() sends utility outages to the utilities and 医疗保障 to the insurance bureau", () => {
  const byName = new Map(demoRoutes().map((r) => [r.name, r]));
  assert.deepEqual(
    ["停水", "水质问题", "停电", "燃气故障", "医保报销", "路灯故障", "拖欠工资"].map((n) =>
      byName.get(n)!.department
    ),
    ["water", "water", "power", "gas", "ybj", "zjj", "rsj"],
  );
  assert.equal(byName.get("燃气故障")!.working_days, 0);
  assert.equal(byName.get("停水")!.working_days, 1);
  // Every bureau that has a subject in the tree leads something.
  const used = new Set(demoRoutes().map((r) => r.department));
  for (const code of ["zjj", "jtj", "sthjj", "rsj", "jyj", "wjw", "scjgj", "cgj", "gaj", "mzj"]) {
    assert.ok(used.has(code), `${code} leads a category`);
  }
});
