import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { can } from "../server/auth/permissions.ts";
import * as S from "../server/cases/case_schemas.ts";
import { CaseSearch } from "../server/cases/case_search.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import type { CaseActor } from "../server/cases/case_tx.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import { revealPii } from "../server/privacy/pii_reveal.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const CaseNumber = z.object({ number: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字") }).strip();
const RevealBody = z.discriminatedUnion("object", [
  z.object({
    object: z.literal("case"),
    id: z.string().regex(/^\d{8}$/),
    field: z.enum(["citizen_name", "citizen_phone"]),
  }).strict(),
  z.object({
    object: z.literal("call"),
    id: z.number().int().positive(),
    field: z.literal("caller_number"),
  }).strict(),
]);
const Period = z.object({ from: S.calendarDay, to: S.calendarDay }).strict();
const Callers = z.object({
  call_id: z.coerce.number().int().positive().optional(),
  phone: z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, "电话号码格式不对").optional(),
}).strict();
const PublicQuery = z.object({ phone_last4: z.string() }).strict();

export function caseActor(c: Context<AppEnv>): CaseActor {
  const actor = c.get("actor")!;
  return { viewer: actor, audit: auditActor(actor, c.get("origin")) };
}

export const canHotline = (actor: Actor) => can(actor.roles, "cases.dispatch");

async function json<T extends z.ZodType>(c: Context<AppEnv>, schema: T, what: string) {
  return parseOrThrow(schema, await c.req.json().catch(() => undefined), what);
}
export const numberOf = (c: Context<AppEnv>) =>
  parseOrThrow(CaseNumber, c.req.param(), "case number").number;

/**
 * The case API. Every step answers with the case as it now is, so a page re-renders from one
 * response; the server re-checks status and side whatever the page offered.
 */
export function caseApiRoutes(
  { db, pii, cases }: { db: Database; pii: PiiCipher; cases: CaseService },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const detail = (c: Context<AppEnv>, n: string, status: 200 | 201 = 200) => {
    const actor = c.get("actor")!;
    return cases.detail(actor, n, canHotline(actor)).then((d) => c.json(d, status));
  };

  app.post("/api/cases", guard("cases.create"), async (c) => {
    const input = await json(c, S.CaseIntake, "case");
    const { case_number } = await cases.register(caseActor(c), input);
    return await detail(c, case_number, 201);
  });
  app.get("/api/cases", guard("cases.read"), async (c) => {
    const s = parseOrThrow(CaseSearch, c.req.query(), "case search");
    return c.json(await cases.search(c.get("actor")!, s));
  });
  app.get("/api/cases/callers", guard("cases.create"), async (c) => {
    const q = parseOrThrow(Callers, c.req.query(), "caller lookup");
    return c.json({ cases: await cases.casesOfCaller({ callId: q.call_id, phone: q.phone }) });
  });
  app.get("/api/cases/deadlines", guard("cases.read"), async (c) => {
    return c.json({ departments: await cases.deadlineCounts() });
  });
  app.get("/api/cases/rates", guard("cases.rates"), async (c) => {
    const p = parseOrThrow(Period, c.req.query(), "period");
    const from = new Date(`${p.from}T00:00:00+08:00`);
    const to = new Date(Date.parse(`${p.to}T00:00:00+08:00`) + 86_400_000);
    if (!(from < to)) throw new AppError(400, "invalid_request", "起始日期须早于结束日期");
    return c.json({ from: p.from, to: p.to, departments: await cases.rates(from, to) });
  });
  app.get("/api/cases/tasks", guard("cases.dispatch"), async (c) => {
    const [reviews, callbacks] = await Promise.all([cases.pendingReviews(), cases.callbackTasks()]);
    return c.json({ reviews, callbacks });
  });
  app.get("/api/cases/:number", guard("cases.read"), (c) => detail(c, numberOf(c)));

  const step = <T extends z.ZodType>(
    path: string,
    permission: "cases.dispatch" | "cases.handle" | "cases.callback",
    schema: T,
    run: (who: CaseActor, n: string, input: z.output<T>) => Promise<unknown>,
  ) =>
    app.post(`/api/cases/:number/${path}`, guard(permission), async (c) => {
      const n = numberOf(c);
      await run(caseActor(c), n, await json(c, schema, path));
      return await detail(c, n);
    });
  const none = z.object({}).strict();
  step("dispatch", "cases.dispatch", S.Dispatch, cases.dispatch);
  step("reroute", "cases.dispatch", S.Reroute, cases.reroute);
  step("remind", "cases.dispatch", S.Reason, cases.remind);
  step("merge", "cases.dispatch", S.Merge, cases.merge);
  step("review", "cases.dispatch", S.Review, cases.review);
  step(
    "return/decision",
    "cases.dispatch",
    S.Decision,
    (w, n, i) => cases.decide(w, n, "return", i),
  );
  step(
    "extension/decision",
    "cases.dispatch",
    S.Decision,
    (w, n, i) => cases.decide(w, n, "extension", i),
  );
  step("callback", "cases.callback", S.Callback, cases.callback);
  step("sign", "cases.handle", none, (w, n) => cases.sign(w, n));
  step("return", "cases.handle", S.Reason, cases.return);
  step("extension", "cases.handle", S.ExtensionRequest, cases.extension);
  step("reply", "cases.handle", S.Reply, cases.reply);
  step("note", "cases.handle", S.Note, cases.note);

  app.post("/api/cases/:number/attachments", guard("cases.handle"), async (c) => {
    const n = numberOf(c);
    const form = await c.req.formData().catch(() => null);
    const file = form?.get("file");
    if (!(file instanceof File)) {
      throw new AppError(400, "invalid_request", "请选择要上传的文件 (multipart field 'file')", [
        { path: "file", message: "缺少文件" },
      ]);
    }
    // Path separators and control characters never reach a download header.
    const name = [...file.name].map((ch) => (ch < " " || ch === "/" || ch === "\\" ? "_" : ch))
      .join("").slice(0, 200) || "附件";
    const saved = await cases.attach(caseActor(c), n, {
      fileName: name,
      contentType: file.type || "application/octet-stream",
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return c.json(saved, 201);
  });
  app.get("/api/cases/:number/attachments/:id", guard("cases.read"), async (c) => {
    const n = numberOf(c);
    const id = parseOrThrow(z.coerce.number().int().positive(), c.req.param("id"), "attachment id");
    const a = await cases.attachment(c.get("actor")!, n, id);
    if (!a) throw new AppError(404, "attachment_not_found", "没有这个附件");
    return new Response(a.data as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": a.content_type,
        // Never rendered inline: an uploaded HTML or SVG must not run in our origin.
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
        "x-content-type-options": "nosniff",
      },
    });
  });

  app.get("/api/public/cases/:number", guard("public"), async (c) => {
    const q = parseOrThrow(PublicQuery, c.req.query(), "lookup");
    return c.json(await cases.publicStatus(c.req.param("number"), q.phone_last4));
  });

  app.post("/api/pii/reveal", guard("pii.reveal"), async (c) => {
    const body = await json(c, RevealBody, "reveal request");
    const actor = c.get("actor")!;
    const value = await revealPii(db, pii, actor, auditActor(actor, c.get("origin")), body);
    return c.json({ value });
  });
  return app;
}
