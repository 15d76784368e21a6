/**
 * The menu tree laid out as a flow chart (the original design asked for one drawn
 * automatically): nodes in layers by their distance from the entry, edges down to later layers
 * as curves; a link back up (menus that return, "press 9 for English") is written in the box as
 * "↩" instead of a line across the chart. Pure: the page draws it.
 */
import { edgesOf, type IvrTree, type NodeKind } from "./ivr_tree.ts";

export const KIND_NAMES: Record<NodeKind, string> = {
  prompt: "提示",
  menu: "菜单",
  branch: "分支",
  queue: "人工队列",
  record: "录音",
  case_query: "工单查询",
  survey: "评价",
  hangup: "挂机",
};

export interface ChartNode {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
  title: string;
  text: string;
  /** Links back to earlier layers, e.g. "* ↩ main". */
  back: string;
}

export interface ChartEdge {
  from: string;
  to: string;
  label: string;
  /** SVG path data. */
  d: string;
  labelX: number;
  labelY: number;
}

export interface Chart {
  width: number;
  height: number;
  nodes: ChartNode[];
  edges: ChartEdge[];
  boxWidth: number;
  boxHeight: number;
}

const W = 168;
const H = 62;
const GAP_X = 28;
const GAP_Y = 64;
const MARGIN = 24;

export function layoutTree(tree: IvrTree): Chart {
  // Layers by breadth-first distance from the entry; the 0-target hangs off the entry too.
  const layer = new Map<string, number>([[tree.start, 0]]);
  const order: string[] = [tree.start];
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    for (const e of edgesOf(tree.nodes[id])) {
      if (!layer.has(e.to) && tree.nodes[e.to]) {
        layer.set(e.to, layer.get(id)! + 1);
        order.push(e.to);
      }
    }
  }
  for (const id of Object.keys(tree.nodes)) {
    if (!layer.has(id)) {
      layer.set(id, Math.max(0, ...layer.values()) + 1);
      order.push(id);
    }
  }
  const rows: string[][] = [];
  for (const id of order) (rows[layer.get(id)!] ??= []).push(id);
  // Each row in the order of its parents above (barycentre): fewer crossing lines.
  const parents = new Map<string, string[]>();
  for (const id of order) {
    for (const e of edgesOf(tree.nodes[id])) {
      if (layer.get(e.to) === layer.get(id)! + 1) {
        parents.set(e.to, [...(parents.get(e.to) ?? []), id]);
      }
    }
  }
  for (let r = 1; r < rows.length; r++) {
    const above = new Map(rows[r - 1].map((id, i) => [id, i]));
    const centre = (id: string) => {
      const ps = (parents.get(id) ?? []).map((p) => above.get(p) ?? 0);
      return ps.length === 0 ? Infinity : ps.reduce((a, b) => a + b, 0) / ps.length;
    };
    rows[r] = rows[r].map((id, i) => ({ id, i, c: centre(id) }))
      .sort((a, b) => a.c - b.c || a.i - b.i).map((x) => x.id);
  }
  const widest = Math.max(...rows.map((r) => r.length));
  const width = MARGIN * 2 + widest * W + (widest - 1) * GAP_X + 80;
  const pos = new Map<string, { x: number; y: number }>();
  rows.forEach((row, r) => {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    const left = MARGIN + (widest * W + (widest - 1) * GAP_X - rowWidth) / 2;
    row.forEach((id, i) => pos.set(id, { x: left + i * (W + GAP_X), y: MARGIN + r * (H + GAP_Y) }));
  });
  const nodes: ChartNode[] = order.map((id) => {
    const node = tree.nodes[id];
    const say = "say" in node && node.say ? node.say.zh : "";
    const detail = node.kind === "queue"
      ? `队列 ${node.queue}${node.queue_en ? ` / ${node.queue_en}` : ""}`
      : node.kind === "branch"
      ? `${node.rules.length} 条规则`
      : say;
    return {
      id,
      kind: node.kind,
      ...pos.get(id)!,
      title: `${id} · ${KIND_NAMES[node.kind]}${id === tree.zero ? "（按0）" : ""}`,
      text: detail.length > 13 ? detail.slice(0, 12) + "…" : detail,
      back: "",
    };
  });
  const edges: ChartEdge[] = [];
  const back = new Map<string, string[]>();
  for (const id of order) {
    const from = pos.get(id)!;
    for (const e of edgesOf(tree.nodes[id])) {
      const to = pos.get(e.to);
      if (!to) continue;
      if (layer.get(e.to)! <= layer.get(id)!) {
        const list = back.get(id) ?? [];
        list.push(`${e.label ? `${e.label} ` : ""}↩ ${e.to}`);
        back.set(id, list);
        continue;
      }
      const x1 = from.x + W / 2;
      const y1 = from.y + H;
      const x2 = to.x + W / 2;
      const y2 = to.y;
      edges.push({
        from: id,
        to: e.to,
        label: e.label,
        d: `M${x1},${y1} C${x1},${y1 + GAP_Y / 2} ${x2},${y2 - GAP_Y / 2} ${x2},${y2}`,
        // Labels near the source, where the fan of a menu's options is still apart.
        labelX: x1 + (x2 - x1) * 0.3,
        labelY: y1 + (y2 - y1) * 0.3,
      });
    }
  }
  for (const n of nodes) {
    const links = (back.get(n.id) ?? []).join(" · ");
    n.back = links.length > 22 ? links.slice(0, 21) + "…" : links;
  }
  return {
    width,
    height: MARGIN * 2 + rows.length * (H + GAP_Y) - GAP_Y,
    nodes,
    edges,
    boxWidth: W,
    boxHeight: H,
  };
}
