import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { formatDateTime } from "../islands/format.ts";
import { audit } from "../server/audit/audit.ts";
import { auditCsv, type AuditFilter, searchAudit } from "../server/audit/audit_search.ts";
import { type ChainReport, verifyAuditChain } from "../server/audit/audit_verify.ts";
import { auditActor } from "../server/auth/actor.ts";
import { can } from "../server/auth/permissions.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";
import { sha256Hex } from "../server/sha256.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD");
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const FilterQuery = z.object({
  actor: z.preprocess(blankToUndefined, z.string().max(32).optional()),
  action: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[a-z_.]{1,64}$/, "操作名为小写字母、点和下划线").optional(),
  ),
  object_type: z.preprocess(blankToUndefined, z.string().max(32).optional()),
  object_id: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
}).strict();

type Query = z.output<typeof FilterQuery>;

/** Dates are China Standard Time days, as auditors read them. */
function toFilter(q: Query): AuditFilter {
  const cst = (d: string, plusDays = 0) =>
    new Date(Date.parse(`${d}T00:00:00+08:00`) + plusDays * 86_400_000);
  return {
    actor: q.actor,
    action: q.action,
    object_type: q.object_type,
    object_id: q.object_id,
    from: q.from ? cst(q.from) : undefined,
    to: q.to ? cst(q.to, 1) : undefined,
  };
}

/** Verifying the chain is itself recorded: who checked, and what they found. */
async function verifyAndRecord(c: Context<AppEnv>, db: Database): Promise<ChainReport> {
  const report = await verifyAuditChain(db);
  await audit(db, auditActor(c.get("actor"), c.get("origin")), {
    action: "audit.verify",
    after: { ok: report.ok, checked: report.checked },
  });
  return report;
}

export function auditRoutes({ db }: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/api/audit", guard("audit.read"), async (c) => {
    const q = parseOrThrow(FilterQuery, c.req.query(), "audit query");
    return c.json(await searchAudit(db, toFilter(q), q));
  });

  app.get("/api/audit/verify", guard("audit.read"), async (c) => {
    const report = await verifyAndRecord(c, db);
    return c.json(report);
  });

  app.get("/api/audit/export.csv", guard("audit.export"), async (c) => {
    const q = parseOrThrow(
      FilterQuery.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(100_000) }),
      c.req.query(),
      "audit query",
    );
    const { rows } = await searchAudit(db, toFilter(q), q);
    const csv = auditCsv(rows);
    const sha256 = await sha256Hex(csv);
    await audit(db, auditActor(c.get("actor"), c.get("origin")), {
      action: "audit.export",
      after: { filter: q, rows: rows.length, sha256 },
    });
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${
        new Date().toISOString().slice(0, 10)
      }.csv"`,
      "x-content-sha256": sha256,
    });
  });

  app.get("/audit", guard("audit.read"), async (c) => {
    const actor = c.get("actor")!;
    const q = parseOrThrow(FilterQuery, c.req.query(), "audit query");
    const { total, rows } = await searchAudit(db, toFilter(q), q);
    const params = new URLSearchParams(
      Object.entries(q).filter(([k, v]) => v !== undefined && k !== "offset").map((
        [k, v],
      ) => [k, String(v)]),
    );
    return c.html(renderPage(
      { title: "审计日志", actor },
      <main class="page">
        <h1>审计日志</h1>
        <form method="get" action="/audit" class="card">
          <label>
            操作人 <input name="actor" value={q.actor ?? ""} size={8} />
          </label>{" "}
          <label>
            操作 <input name="action" value={q.action ?? ""} placeholder="如 user." size={14} />
          </label>{" "}
          <label>
            对象类型 <input name="object_type" value={q.object_type ?? ""} size={8} />
          </label>{" "}
          <label>
            对象 <input name="object_id" value={q.object_id ?? ""} size={8} />
          </label>{" "}
          <label>
            从 <input type="date" name="from" value={q.from ?? ""} />
          </label>{" "}
          <label>
            到 <input type="date" name="to" value={q.to ?? ""} />
          </label>{" "}
          <button class="btn" type="submit">查询</button>
        </form>
        <p>
          共 {total} 条。 <a href="/audit/verify">校验完整性</a>
          {can(actor.roles, "audit.export") && (
            <>
              {" · "}
              <a href={`/api/audit/export.csv?${params}`}>导出 CSV</a>
            </>
          )}
        </p>
        <table class="list" data-testid="audit-rows">
          <thead>
            <tr>
              <th>序号</th>
              <th>时间</th>
              <th>操作人</th>
              <th>角色</th>
              <th>操作</th>
              <th>对象</th>
              <th>IP</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.seq}</td>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.actor}</td>
                <td>{r.role ?? ""}</td>
                <td>{r.action}</td>
                <td>{[r.object_type, r.object_id].filter(Boolean).join(" ")}</td>
                <td>{r.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {total > q.offset + rows.length && (
          <p>
            <a href={`/audit?${params}&offset=${q.offset + q.limit}`}>下一页</a>
          </p>
        )}
      </main>,
    ));
  });

  app.get("/audit/verify", guard("audit.read"), async (c) => {
    const report = await verifyAndRecord(c, db);
    return c.html(renderPage(
      { title: "审计日志完整性", actor: c.get("actor") },
      <main class="page">
        <h1>审计日志完整性校验</h1>
        <p class={`notice ${report.ok ? "ok" : "error"}`} data-testid="verify-result">
          {report.ok
            ? `完整：已校验 ${report.checked} 条记录，哈希链无断裂。链尾哈希 ${
              report.head ?? "（空）"
            }`
            : `发现问题：第 ${report.first_bad?.seq} 条 — ${report.first_bad?.reason}（此前 ${report.checked} 条完好）`}
        </p>
        <p class="muted">
          提示：链尾哈希可抄录存档；以后校验时链尾一致即可证明其后没有记录被删除。
        </p>
        <a href="/audit">返回审计日志</a>
      </main>,
    ));
  });
  return app;
}
