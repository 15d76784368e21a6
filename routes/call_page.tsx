/**
 * 网上拨打 12345: a citizen calls the hotline from the browser. No sign-in; the call enters the
 * ACD as channel "web" and is answered on an agent's seat like a phone call. Starting a call is
 * rate-limited per address; every later step needs the call's peer token.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import WebCaller from "../islands/WebCaller.tsx";
import type { AcdService } from "../server/acd/acd_service.ts";
import { CallChatStore } from "../server/chat/chat_store.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import { RateLimiter } from "../server/security/rate_limiter.ts";
import type { MediaLayer } from "../telephony/media_layer.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { fromMediasoup, needMedia } from "./media_api.ts";
import { renderPage } from "./page.tsx";

const NewCall = z.object({
  phone: z.string().trim().regex(/^(1\d{10}|0\d{9,11})$/, {
    message: "请填写 11 位手机号或带区号的固定电话 (a mobile or landline number)",
  }),
  queue: z.string().min(1).max(32).default("general"),
}).strict();
const PeerProof = z.object({ peer: z.uuid(), token: z.string().min(16).max(64) }).strict();

export function callPageRoutes(
  d: { db: Database; acd: AcdService; media?: MediaLayer },
  /** Calls a person may start: a handful a minute per address stops a script dialling in a loop. */
  limiter = new RateLimiter({ capacity: 3, perMinute: 3 }),
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const chat = new CallChatStore(d.db);

  app.get("/call", guard("public"), async (c) => {
    const queues = await d.db.query<{ code: string; name: string }>(
      "select code, name from queues where active order by priority, code",
    );
    return c.html(renderPage(
      { title: "网上拨打 12345" },
      <main class="page narrow">
        <h1>网上拨打 12345</h1>
        <p class="muted">
          在浏览器中直接与 12345 话务员通话（需要麦克风）。通话将被录音，用于服务质量监督。
        </p>
        <Island name="WebCaller" component={WebCaller} props={{ queues }} />
      </main>,
    ));
  });

  app.post("/api/public/calls", guard("public"), async (c) => {
    const media = needMedia(d.media);
    const input = parseOrThrow(NewCall, await c.req.json().catch(() => null), "call");
    const wait = limiter.take(c.get("origin").ip ?? "unknown");
    if (wait > 0) {
      throw new AppError(429, "rate_limited", `拨打过于频繁，请 ${wait} 秒后再试 (too many calls)`);
    }
    const joined = await fromMediasoup(() => media.webCall(input.phone, input.queue));
    // 文字交流: the page gets the chat's secret with the call (routes/call_chat_api.ts).
    return c.json({ ...joined, chat_token: await chat.open(joined.call_id) }, 201);
  });

  /** The caller's place in the queue while waiting. */
  app.get("/api/public/calls/:id", guard("public"), async (c) => {
    const media = needMedia(d.media);
    const proof = parseOrThrow(PeerProof, c.req.query(), "call query");
    const { room } = media.peer(proof.peer, proof.token);
    if (String(room.callId) !== c.req.param("id")) {
      throw new AppError(404, "no_peer", "通话不存在 (no such call)");
    }
    return c.json(await d.acd.positionOf(room.callId));
  });

  app.post("/api/public/calls/:id/hang-up", guard("public"), async (c) => {
    const media = needMedia(d.media);
    const proof = parseOrThrow(PeerProof, await c.req.json().catch(() => null), "hang-up");
    const { room } = media.peer(proof.peer, proof.token);
    if (String(room.callId) !== c.req.param("id")) {
      throw new AppError(404, "no_peer", "通话不存在 (no such call)");
    }
    await media.callerHangUp(proof.peer, proof.token);
    return c.json({ ok: true });
  });
  return app;
}
