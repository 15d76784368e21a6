/**
 * The voice menu as data: nodes that play, ask, branch, queue, record, look up, survey and hang
 * up. Admins edit it as JSON; this schema and `checkTree` are what keeps a bad edit from ever
 * reaching a caller (dangling links, a menu that steals 0, a loop that never waits for input).
 */
import { z } from "zod";

export const NODE_ID = /^[a-z][a-z0-9_]{0,39}$/;
const Id = z.string().regex(NODE_ID, "节点编号：小写字母开头，字母、数字、下划线，至多 40 个字符");
const Text = z.object({
  zh: z.string().trim().min(1, "须有中文提示").max(400),
  en: z.string().trim().min(1).max(400).optional(),
}).strict();
const Key = z.enum(["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"], {
  message: "按键须为 1–9、* 或 #（0 固定为转人工）",
});
const Option = z.union([
  Id,
  z.object({ next: Id, lang: z.enum(["zh", "en"]).optional() }).strict(),
]);
const Clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "时间格式为 HH:MM");

const Prompt = z.object({ kind: z.literal("prompt"), say: Text, next: Id }).strict();
const Menu = z.object({
  kind: z.literal("menu"),
  say: Text,
  options: z.partialRecord(Key, Option).refine(
    (o) => Object.keys(o).length > 0,
    "菜单至少要有一个选项",
  ),
  timeout_s: z.number().int().min(2).max(30).default(6),
  retries: z.number().int().min(0).max(5).default(2),
  on_fail: Id,
}).strict();
const Branch = z.object({
  kind: z.literal("branch"),
  /** The first rule that holds wins; times are China time, `to` exclusive; days 1 = Monday. */
  rules: z.array(
    z.object({
      days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
      from: Clock.optional(),
      to: Clock.optional(),
      lang: z.enum(["zh", "en"]).optional(),
      next: Id,
    }).strict(),
  ).min(1).max(20),
  else: Id,
}).strict();
const Queue = z.object({
  kind: z.literal("queue"),
  queue: z.string().min(1).max(32),
  /** English callers go here when set. */
  queue_en: z.string().min(1).max(32).optional(),
  say: Text.optional(),
  /** How often the caller hears the position and the expected wait again. */
  announce_every_s: z.number().int().min(15).max(600).default(45),
  /**
   * After this long in the queue the caller is offered 1 a message (`on_voicemail`), 2 a
   * callback (a case for the agents; the call leaves the queue as `callback`), or to hold on.
   * Unset: `DEFAULT_OFFER_AFTER_S`; null: never offered (the ACD's maximum wait still applies).
   */
  offer_after_s: z.number().int().min(5).max(3600).nullable().optional(),
  /** When the ACD offers voicemail (maximum wait) or the caller presses 1 while waiting. */
  on_voicemail: Id,
  /** After the agent hung up: the satisfaction survey, typically. */
  after: Id,
}).strict();
/** When a queue node does not say: a minute and a half, then the offer. */
export const DEFAULT_OFFER_AFTER_S = 90;

const Record = z.object({
  kind: z.literal("record"),
  purpose: z.enum(["mailbox", "complaint"]),
  case_type: z.enum(["consultation", "complaint", "report", "suggestion", "help", "praise"]),
  say: Text,
  max_s: z.number().int().min(5).max(300).default(120),
  /** 1 confirm / 2 listen again / 3 cancel before the case is registered. */
  confirm: z.boolean().default(true),
  next: Id,
}).strict();
const CaseQuery = z.object({ kind: z.literal("case_query"), say: Text, next: Id }).strict();
const Survey = z.object({
  kind: z.literal("survey"),
  survey: z.enum(["opinion", "satisfaction"]),
  say: Text,
  next: Id,
}).strict();
const Hangup = z.object({ kind: z.literal("hangup"), say: Text.optional() }).strict();

export const IvrNode = z.discriminatedUnion("kind", [
  Prompt,
  Menu,
  Branch,
  Queue,
  Record,
  CaseQuery,
  Survey,
  Hangup,
]);
export type IvrNode = z.output<typeof IvrNode>;
export type NodeKind = IvrNode["kind"];

export const IvrTree = z.object({
  name: z.string().trim().min(1).max(80),
  start: Id,
  /** Where 0 leads from any menu: the national standard keeps a person one key away. */
  zero: Id,
  nodes: z.record(Id, IvrNode),
}).strict();
export type IvrTree = z.output<typeof IvrTree>;

/** The nodes a node can lead to, with the label of the edge (for the chart and the checks). */
export function edgesOf(node: IvrNode): { to: string; label: string }[] {
  switch (node.kind) {
    case "prompt":
    case "case_query":
    case "survey":
    case "record":
      return [{ to: node.next, label: "" }];
    case "menu":
      return [
        ...Object.entries(node.options).map(([key, o]) => ({
          to: typeof o === "string" ? o : o.next,
          label: typeof o === "string" || !o.lang ? key : `${key} ${o.lang === "en" ? "EN" : "中"}`,
        })),
        { to: node.on_fail, label: "超时" },
      ];
    case "branch":
      return [
        ...node.rules.map((r) => ({ to: r.next, label: ruleLabel(r) })),
        { to: node.else, label: "否则" },
      ];
    case "queue":
      return [{ to: node.on_voicemail, label: "留言" }, { to: node.after, label: "通话后" }];
    case "hangup":
      return [];
  }
}

function ruleLabel(r: { days?: number[]; from?: string; to?: string; lang?: string }): string {
  const parts = [];
  if (r.days) parts.push(`周${r.days.join("")}`);
  if (r.from || r.to) parts.push(`${r.from ?? "00:00"}–${r.to ?? "24:00"}`);
  if (r.lang) parts.push(r.lang === "en" ? "英文" : "中文");
  return parts.join(" ");
}

/** Kinds that wait for the caller: a cycle must pass one, or the menu would spin forever. */
const WAITS: ReadonlySet<NodeKind> = new Set(["menu", "record", "case_query", "survey", "queue"]);

/** Problems a schema cannot see; empty when the tree is fit for callers. */
export function checkTree(tree: IvrTree): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const ids = new Set(Object.keys(tree.nodes));
  if (!ids.has(tree.start)) issues.push({ path: "start", message: `没有节点 ${tree.start}` });
  if (!ids.has(tree.zero)) issues.push({ path: "zero", message: `没有节点 ${tree.zero}` });
  else if (tree.nodes[tree.zero].kind !== "queue") {
    issues.push({ path: "zero", message: "按 0 必须进入人工队列（queue 节点）" });
  }
  for (const [id, node] of Object.entries(tree.nodes)) {
    for (const e of edgesOf(node)) {
      if (!ids.has(e.to)) issues.push({ path: `nodes.${id}`, message: `指向不存在的节点 ${e.to}` });
    }
    if (node.kind === "branch") {
      node.rules.forEach((r, i) => {
        if ((r.from ?? "00:00") >= (r.to ?? "24:00")) {
          issues.push({ path: `nodes.${id}.rules.${i}`, message: "开始时间须早于结束时间" });
        }
      });
    }
  }
  if (issues.length > 0) return issues;
  const reachable = new Set<string>();
  const stack = [tree.start, tree.zero];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...edgesOf(tree.nodes[id]).map((e) => e.to));
  }
  for (const id of ids) {
    if (!reachable.has(id)) issues.push({ path: `nodes.${id}`, message: "从入口无法到达该节点" });
  }
  // A cycle through prompts and branches only would never wait for the caller.
  const state = new Map<string, "open" | "done">();
  const visit = (id: string): string | null => {
    if (WAITS.has(tree.nodes[id].kind) || state.get(id) === "done") return null;
    if (state.get(id) === "open") return id;
    state.set(id, "open");
    for (const e of edgesOf(tree.nodes[id])) {
      const hit = visit(e.to);
      if (hit) return hit;
    }
    state.set(id, "done");
    return null;
  };
  for (const id of ids) {
    const hit = visit(id);
    if (hit) {
      issues.push({
        path: `nodes.${hit}`,
        message: "提示与分支构成死循环（中间没有等待按键的节点）",
      });
      break;
    }
  }
  return issues;
}

/** The queue codes a tree sends callers to (checked against the ACD's queues on publish). */
export function queuesOf(tree: IvrTree): string[] {
  const codes = new Set<string>();
  for (const node of Object.values(tree.nodes)) {
    if (node.kind !== "queue") continue;
    codes.add(node.queue);
    if (node.queue_en) codes.add(node.queue_en);
  }
  return [...codes];
}
