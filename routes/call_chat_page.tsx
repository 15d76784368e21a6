/**
 * The chat transcript of a call, attached to the case registered for it: whoever may read the
 * case may read it (each read audited as chat.read). Phone- and ID-card-like digit runs are
 * masked; holders of pii.reveal may show them as typed (audited as pii.reveal).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { formatDateTime } from "../islands/format.ts";
import { audit } from "../server/audit/audit.ts";
import { auditActor } from "../server/auth/actor.ts";
import { can } from "../server/auth/permissions.ts";
import { loadVisibleCase } from "../server/cases/case_read.ts";
import { maskDigitRuns } from "../server/chat/chat_mask.ts";
import { CallChatStore, type ChatMessage } from "../server/chat/chat_store.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

const Params = z.object({
  number: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字 (8 digits)"),
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
}).strict();
const Query = z.object({ reveal: z.literal("1").optional() }).strict();

export const SENDER_NAMES = { caller: "市民", agent: "话务员", system: "系统" } as const;

export function callChatPageRoutes(d: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = new CallChatStore(d.db);

  app.get("/cases/:number/calls/:id/chat", guard("cases.read"), async (c) => {
    const actor = c.get("actor")!;
    const p = parseOrThrow(Params, c.req.param(), "transcript address");
    const q = parseOrThrow(Query, c.req.query(), "transcript query");
    const kase = await loadVisibleCase(d.db, actor, p.number);
    const [linked] = await d.db.query(
      "select 1 from case_calls where case_id = $1 and call_id = $2",
      [kase.id, p.id],
    );
    if (!linked) {
      throw new AppError(404, "no_chat", `工单没有关联这通来电 (call ${p.id} is not this case's)`);
    }
    const reveal = q.reveal === "1";
    if (reveal && !can(actor.roles, "pii.reveal")) {
      throw new AppError(403, "forbidden", "无权查看完整个人信息 (needs pii.reveal)");
    }
    const who = auditActor(actor, c.get("origin"));
    const messages = await store.auditedList(p.id, who, `case ${p.number}`);
    if (reveal) {
      await audit(d.db, who, {
        action: "pii.reveal",
        objectType: "call",
        objectId: p.id,
        after: { field: "chat", case: p.number },
      });
    }
    const body = (m: ChatMessage) => reveal ? m.body : maskDigitRuns(m.body);
    return c.html(renderPage(
      { title: `文字交流记录 · 工单 ${p.number}`, actor },
      <main class="page narrow">
        <h1>文字交流记录</h1>
        <p class="muted">
          <a href={`/cases/${p.number}`}>工单 {p.number}</a> · 来电 #{p.id} · 共 {messages.length}
          {" "}
          条
          {reveal ? "（完整内容，已记录查看）" : "（号码类数字已隐藏）"}
          {!reveal && can(actor.roles, "pii.reveal") && (
            <>
              {" "}
              <a href="?reveal=1" data-testid="chat-reveal">显示完整内容</a>
            </>
          )}
        </p>
        <ol class="chat-log" data-testid="chat-transcript">
          {messages.map((m) => (
            <li key={m.id} class={`chat-msg chat-${m.sender}`}>
              <span class="muted">
                {formatDateTime(m.at)} {SENDER_NAMES[m.sender]}
                {m.work_number ? ` ${m.work_number}` : ""}：
              </span>
              <span class="chat-body">{body(m)}</span>
            </li>
          ))}
        </ol>
      </main>,
    ));
  });
  return app;
}
