import assert from "node:assert/strict";
import { DEFAULT_TREE } from "./default_tree.ts";
import { layoutTree } from "./ivr_chart.ts";
import { checkTree, IvrTree, queuesOf } from "./ivr_tree.ts";

Deno.test("the default tree is valid: the design's menu, 0 to a person, queues general and english", () => {
  const tree = IvrTree.parse(DEFAULT_TREE);
  assert.deepEqual(checkTree(tree), []);
  assert.deepEqual(queuesOf(tree).sort(), ["english", "general"]);
  const main = tree.nodes.main;
  assert.ok(
    main.kind === "menu" && main.options["1"] === tree.zero && main.options["2"] === "self_service",
  );
  const self = tree.nodes.self_service;
  assert.ok(self.kind === "menu");
  assert.deepEqual(
    ["1", "2", "3", "4", "5"].map((k) => {
      const o = self.options[k as "1"]!;
      return tree.nodes[typeof o === "string" ? o : o.next].kind;
    }),
    ["record", "record", "case_query", "menu", "survey"],
  );
});

Deno.test("checkTree() finds dangling links, unreachable nodes, a 0 that is no queue and silent loops", () => {
  const t = structuredClone(DEFAULT_TREE);
  t.nodes.orphan = { kind: "hangup" };
  t.nodes.loop_a = { kind: "prompt", say: { zh: "甲" }, next: "loop_b" };
  t.nodes.loop_b = { kind: "prompt", say: { zh: "乙" }, next: "loop_a" };
  const main = t.nodes.main;
  if (main.kind === "menu") main.options["8"] = "loop_a";
  const issues = checkTree(t).map((i) => `${i.path}: ${i.message}`);
  assert.deepEqual(issues, [
    "nodes.orphan: 从入口无法到达该节点",
    "nodes.loop_a: 提示与分支构成死循环（中间没有等待按键的节点）",
  ]);
  const dangling = structuredClone(DEFAULT_TREE);
  dangling.zero = "bye";
  if (dangling.nodes.main.kind === "menu") dangling.nodes.main.on_fail = "nowhere";
  assert.deepEqual(checkTree(dangling).map((i) => i.message), [
    "按 0 必须进入人工队列（queue 节点）",
    "指向不存在的节点 nowhere",
  ]);
});

Deno.test("IvrTree refuses a menu that takes 0, bad ids and unknown kinds", () => {
  const zero = structuredClone(DEFAULT_TREE) as unknown as {
    nodes: { main: { options: Record<string, string> } };
  };
  zero.nodes.main.options["0"] = "bye";
  assert.equal(IvrTree.safeParse(zero).success, false);
  const badId = structuredClone(DEFAULT_TREE) as unknown as { nodes: Record<string, unknown> };
  badId.nodes["Bad-Id"] = { kind: "hangup" };
  assert.equal(IvrTree.safeParse(badId).success, false);
  const kind = structuredClone(DEFAULT_TREE) as unknown as { nodes: Record<string, unknown> };
  kind.nodes.x = { kind: "teleport" };
  assert.equal(IvrTree.safeParse(kind).success, false);
});

Deno.test("layoutTree() places every node once, without overlaps, and draws every link", () => {
  const chart = layoutTree(DEFAULT_TREE);
  assert.equal(chart.nodes.length, Object.keys(DEFAULT_TREE.nodes).length);
  const boxes = chart.nodes.map((n) => `${n.x},${n.y}`);
  assert.equal(new Set(boxes).size, boxes.length);
  for (const n of chart.nodes) {
    assert.ok(
      n.x >= 0 && n.x + chart.boxWidth <= chart.width && n.y + chart.boxHeight <= chart.height,
      n.id,
    );
  }
  assert.equal(chart.nodes[0].id, "hours");
  const main = chart.edges.filter((e) => e.from === "main").map((e) => `${e.label}→${e.to}`);
  assert.deepEqual(main, ["1→to_person", "2→self_service", "超时→to_person"]);
  // Links back up are written in the box, not drawn across the chart.
  assert.equal(chart.nodes.find((n) => n.id === "main")!.back, "9 EN ↩ main");
  assert.equal(chart.nodes.find((n) => n.id === "consult_policy")!.back, "↩ consult");
  assert.ok(!chart.edges.some((e) => e.from === "consult_policy"));
  assert.match(chart.nodes.find((n) => n.id === "to_person")!.title, /按0/);
});
