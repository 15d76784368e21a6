import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { AppError } from "../server/errors.ts";
import { type Chart, KIND_NAMES, layoutTree } from "../telephony/ivr/ivr_chart.ts";
import { IvrStore } from "../telephony/ivr/ivr_store.ts";
import type { IvrTree } from "../telephony/ivr/ivr_tree.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

const PublishForm = z.object({
  tree: z.string().min(2).max(200_000),
  note: z.string().trim().max(200).optional().transform((v) => v || null),
});
const ActivateForm = z.object({ version: z.coerce.number().int().positive() });
const View = z.object({ version: z.coerce.number().int().positive().optional() });

const COLORS: Record<string, string> = {
  menu: "#e8f0fe",
  queue: "#e6f4ea",
  record: "#fef7e0",
  case_query: "#f3e8fd",
  survey: "#fce8e6",
  hangup: "#eeeeee",
  branch: "#e0f7fa",
  prompt: "#ffffff",
};

/** The voice menu (语音导航): its flow chart, versions, statistics and the JSON editor. */
export function adminIvrRoutes(d: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = new IvrStore(d.db);

  const page = async (
    actor: Actor,
    viewVersion: number | undefined,
    edit?: { text: string; issues: { path: string; message: string }[]; message: string },
  ) => {
    const active = await store.active();
    const version = viewVersion ?? active.version;
    const tree = version === active.version ? active.tree : await store.get(version);
    const [versions, nodes, outcomes, history] = await Promise.all([
      store.versions(),
      store.nodeStats(7),
      store.outcomes(7),
      searchAudit(d.db, { object_type: "ivr" }, { limit: 30, offset: 0 }),
    ]);
    return renderPage(
      { title: "语音导航", actor },
      <main class="page">
        <h1>语音导航（IVR）</h1>
        <p class="muted">
          正在使用第 {active.version} 版。任何菜单按 0 均转人工（{active.tree.zero}）。
          {version !== active.version && <strong>当前查看第 {version} 版。</strong>}
        </p>
        <section class="card">
          <h2>{tree.name}（第 {version} 版）流程图</h2>
          <FlowChart chart={layoutTree(tree)} />
        </section>
        <section class="card">
          <h2>版本</h2>
          <table class="list" data-testid="ivr-versions">
            <thead>
              <tr>
                <th>版本</th>
                <th>名称</th>
                <th>说明</th>
                <th>发布人</th>
                <th>时间</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <td>
                    <a href={`/admin/ivr?version=${v.version}`}>{v.version}</a>
                  </td>
                  <td>{v.name}</td>
                  <td>{v.note ?? ""}</td>
                  <td>{v.created_by}</td>
                  <td>{v.created_at.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td>
                    {v.active
                      ? <span class="tag">使用中</span>
                      : (
                        <form method="post" action="/admin/ivr/activate" class="inline">
                          <CsrfField actor={actor} />
                          <input type="hidden" name="version" value={String(v.version)} />
                          <button class="btn" type="submit">启用此版</button>
                        </form>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h2>近 7 天来电路径</h2>
          <p class="muted">
            {outcomes.length === 0
              ? "暂无来电"
              : outcomes.map((o) => `${OUTCOME_NAMES[o.outcome] ?? o.outcome} ${o.calls}`).join(
                "　",
              )}
          </p>
          {nodes.length > 0 && (
            <table class="list" data-testid="ivr-node-stats">
              <thead>
                <tr>
                  <th>节点</th>
                  <th class="num">经过次数</th>
                  <th class="num">平均停留（秒）</th>
                  <th class="num">在此挂机</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((n) => (
                  <tr key={n.node}>
                    <td>{n.node}</td>
                    <td class="num">{n.visits}</td>
                    <td class="num">{n.avg_s}</td>
                    <td class="num">{n.hangups}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card">
          <h2>编辑（发布为新版本）</h2>
          <p class="muted">
            节点类型：{Object.entries(KIND_NAMES).map(([k, v]) => `${k} ${v}`).join("、")}。
            发布前检查格式、链接、可达性、死循环和队列是否存在。
          </p>
          {edit && (
            <div class="error" data-testid="ivr-issues">
              <p>{edit.message}</p>
              <ul>
                {edit.issues.map((i, n) => <li key={n}>{i.path}：{i.message}</li>)}
              </ul>
            </div>
          )}
          <form method="post" action="/admin/ivr" class="form-grid">
            <CsrfField actor={actor} />
            <label for="ivr-tree">菜单（JSON）</label>
            <textarea id="ivr-tree" name="tree" rows={24} cols={100} spellcheck={false}>
              {edit?.text ?? JSON.stringify(tree, null, 2)}
            </textarea>
            <label for="ivr-note">说明</label>
            <input id="ivr-note" name="note" maxLength={200} />
            <span />
            <button class="btn" type="submit">发布</button>
          </form>
        </section>
        <ObjectHistory rows={history.rows} />
      </main>,
    );
  };

  app.get("/ivr", guard("queues.manage"), async (c) => {
    const q = View.safeParse(c.req.query());
    return c.html(await page(c.get("actor")!, q.success ? q.data.version : undefined));
  });

  app.post("/ivr", guard("queues.manage"), async (c) => {
    const f = await formBody(c, PublishForm, "ivr form");
    try {
      await store.publish(auditActor(c.get("actor"), c.get("origin")), f.tree, f.note);
    } catch (error) {
      // A bad edit comes back in the editor with its problems listed, not as a bare error.
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 409) throw error;
      return c.html(
        await page(c.get("actor")!, undefined, {
          text: f.tree,
          issues: [...(error.issues ?? [])],
          message: error.message,
        }),
        error.status === 400 ? 400 : 422,
      );
    }
    return c.redirect("/admin/ivr", 303);
  });

  app.post("/ivr/activate", guard("queues.manage"), async (c) => {
    const f = await formBody(c, ActivateForm, "ivr version");
    await store.activate(auditActor(c.get("actor"), c.get("origin")), f.version);
    return c.redirect("/admin/ivr", 303);
  });

  app.get("/ivr/tree.json", guard("queues.manage"), async (c) => {
    const q = View.safeParse(c.req.query());
    const active = await store.active();
    const version = q.success && q.data.version ? q.data.version : active.version;
    const tree: IvrTree = version === active.version ? active.tree : await store.get(version);
    return c.json({ version, active: version === active.version, tree });
  });
  return app;
}

const OUTCOME_NAMES: Record<string, string> = {
  completed: "自助完成",
  caller_hung_up: "中途挂机",
  abandoned: "排队放弃",
  agent: "人工接通",
  callback: "转回电",
  error: "故障",
  in_menu: "未结束",
};

function FlowChart({ chart }: { chart: Chart }) {
  return (
    <svg
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width="100%"
      role="img"
      aria-label="语音导航流程图"
      data-testid="ivr-chart"
      style={`max-width:${chart.width}px;font-size:12px`}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#666" />
        </marker>
      </defs>
      {chart.edges.map((e, i) => (
        <g key={`e${i}`}>
          <path d={e.d} fill="none" stroke="#666" marker-end="url(#arrow)" />
          {e.label && (
            <text x={e.labelX} y={e.labelY} text-anchor="middle" fill="#1a57c8">{e.label}</text>
          )}
        </g>
      ))}
      {chart.nodes.map((n) => (
        <g key={n.id} data-node={n.id}>
          <rect
            x={n.x}
            y={n.y}
            width={chart.boxWidth}
            height={chart.boxHeight}
            rx="6"
            fill={COLORS[n.kind] ?? "#fff"}
            stroke="#555"
          />
          <text x={n.x + 8} y={n.y + 18} font-weight="bold">{n.title}</text>
          <text x={n.x + 8} y={n.y + 36} fill="#444">{n.text}</text>
          {n.back && <text x={n.x + 8} y={n.y + 53} fill="#1a57c8" font-size="11">{n.back}</text>}
        </g>
      ))}
    </svg>
  );
}
