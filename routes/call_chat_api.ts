/**
 * 文字交流 on a web call (docs/media.md): the citizen's side proves itself with the call's chat
 * token (no session), the agent's side is the call on their own seat, a monitoring supervisor
 * reads (audited). Messages arrive live over a server-sent event stream per page.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { auditActor } from "../server/auth/actor.ts";
import { agentAccess, callerAccess, monitorAccess } from "../server/chat/chat_access.ts";
import { CallChatStore, ChatText } from "../server/chat/chat_store.ts";
import { openChatStream, sseResponse } from "../server/chat/chat_stream.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { LiveHub } from "../server/live/hub.ts";
import { RateLimiter } from "../server/security/rate_limiter.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const Token = z.string().min(16).max(64);
const CallId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const After = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const Schemas = {
  callerRead: z.object({ token: Token, after: After.optional() }).strict(),
  callerPost: z.object({ token: Token, text: ChatText }).strict(),
  seatRead: z.object({ call: CallId, after: After.optional() }).strict(),
  seatPost: z.object({ call: CallId, text: ChatText }).strict(),
};

export interface ChatRouteDeps {
  db: Database;
  hub: LiveHub;
}

export function callChatRoutes(
  d: ChatRouteDeps,
  /** The citizen's messages per call: 1 a second, bursts of 5 (a person types, a script floods). */
  limiter = new RateLimiter({ capacity: 5, perMinute: 60 }),
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = new CallChatStore(d.db);
  const json = async (c: { req: { json(): Promise<unknown> } }) =>
    await c.req.json().catch(() => null);
  const callIdOf = (raw: string) => parseOrThrow(CallId, raw, "call id");
  /** EventSource resends the last id it saw in this header: it wins over ?after=. */
  const afterOf = (header: string | undefined, query: number | undefined) =>
    header ? parseOrThrow(After, header, "Last-Event-ID header") : query ?? 0;

  // ——— the citizen ———

  app.get("/api/public/calls/:id/chat", guard("public"), async (c) => {
    const callId = callIdOf(c.req.param("id"));
    const q = parseOrThrow(Schemas.callerRead, c.req.query(), "chat query");
    const call = await callerAccess(d.db, callId, q.token, "read");
    return c.json({ call_state: call.state, messages: await store.list(callId, q.after ?? 0) });
  });

  app.post("/api/public/calls/:id/chat", guard("public"), async (c) => {
    const callId = callIdOf(c.req.param("id"));
    const b = parseOrThrow(Schemas.callerPost, await json(c), "chat message");
    await callerAccess(d.db, callId, b.token, "write");
    // After the token check: a stranger cannot use up a caller's allowance.
    const wait = limiter.take(`call:${callId}`);
    if (wait > 0) {
      throw new AppError(
        429,
        "rate_limited",
        `发送过于频繁，请 ${wait} 秒后再试 (too many messages)`,
      );
    }
    return c.json({ message: await store.post(callId, "caller", null, b.text) }, 201);
  });

  app.get("/api/public/calls/:id/chat/events", guard("public"), async (c) => {
    const callId = callIdOf(c.req.param("id"));
    const q = parseOrThrow(Schemas.callerRead, c.req.query(), "chat stream query");
    await callerAccess(d.db, callId, q.token, "read");
    return sseResponse(openChatStream({
      store,
      hub: d.hub,
      callId,
      after: afterOf(c.req.header("last-event-id"), q.after),
      // The caller's stream ends with the call (the page keeps what it has).
      recheck: () =>
        callerAccess(d.db, callId, q.token, "write").then(() => null, (e: AppError) => e.code),
    }));
  });

  // ——— the agent on the call ———

  app.get("/api/seat/chat", guard("seat.operate"), async (c) => {
    const q = parseOrThrow(Schemas.seatRead, c.req.query(), "chat query");
    const call = await agentAccess(d.db, c.get("actor")!.workNumber, q.call, "read");
    return c.json({ call_state: call.state, messages: await store.list(q.call, q.after ?? 0) });
  });

  app.post("/api/seat/chat", guard("seat.operate"), async (c) => {
    const b = parseOrThrow(Schemas.seatPost, await json(c), "chat message");
    const actor = c.get("actor")!;
    await agentAccess(d.db, actor.workNumber, b.call, "write");
    const who = auditActor(actor, c.get("origin"));
    return c.json(
      { message: await store.post(b.call, "agent", actor.workNumber, b.text, who) },
      201,
    );
  });

  app.get("/api/seat/chat/events", guard("seat.operate"), async (c) => {
    const q = parseOrThrow(Schemas.seatRead, c.req.query(), "chat stream query");
    const workNumber = c.get("actor")!.workNumber;
    await agentAccess(d.db, workNumber, q.call, "read");
    return sseResponse(openChatStream({
      store,
      hub: d.hub,
      callId: q.call,
      after: afterOf(c.req.header("last-event-id"), q.after),
      // Transferred away or the next call taken: this page no longer reads this chat.
      recheck: () =>
        agentAccess(d.db, workNumber, q.call, "read").then(() => null, (e: AppError) => e.code),
    }));
  });

  // ——— a supervisor monitoring the call (each read audited) ———

  app.get("/api/calls/:id/chat", guard("calls.monitor"), async (c) => {
    const callId = callIdOf(c.req.param("id"));
    const actor = c.get("actor")!;
    const call = await monitorAccess(d.db, actor.workNumber, callId);
    const who = auditActor(actor, c.get("origin"));
    return c.json({
      call_state: call.state,
      messages: await store.auditedList(callId, who, "monitor"),
    });
  });
  return app;
}
