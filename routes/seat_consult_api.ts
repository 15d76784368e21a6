import { Hono } from "hono";
import { z } from "zod";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { SeatConsults } from "../telephony/seat_consult.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const Body = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("start"),
    to: z.string().trim().regex(/^[0-9]{3,10}$/, "工号格式不正确 (3–10 digits)"),
  }).strict(),
  ...(["answer", "decline", "leave", "conference", "transfer", "cancel"] as const).map((a) =>
    z.object({ action: z.literal(a) }).strict()
  ),
]);

/**
 * 内部咨询 from the seat (agents, `seat.operate`): the consulting agent starts, conferences,
 * transfers or cancels; the consulted seat answers, declines or leaves. Each acts on the caller's
 * own seat only (the service checks the call is theirs, or the consultation rings them).
 */
export function seatConsultRoutes({ seatConsults }: { seatConsults?: SeatConsults }) {
  const app = new Hono<AppEnv>();
  const service = () => {
    if (!seatConsults) {
      throw new AppError(503, "media_unavailable", "媒体层未启用，不能内部咨询 (no media layer)");
    }
    return seatConsults;
  };

  app.get("/api/seat/seat-consult", guard("seat.operate"), async (c) => {
    const me = c.get("actor")!.workNumber;
    return c.json(seatConsults ? await seatConsults.status(me) : { out: null, in: null });
  });

  app.post("/api/seat/seat-consult", guard("seat.operate"), async (c) => {
    const b = parseOrThrow(Body, await c.req.json().catch(() => undefined), "seat consult");
    const actor = c.get("actor")!;
    const who = auditActor(actor, c.get("origin"));
    const s = service();
    const me = actor.workNumber;
    if (b.action === "start") return c.json(await s.start(who, me, b.to), 202);
    if (b.action === "answer" || b.action === "decline" || b.action === "leave") {
      await s.target(who, me, b.action);
    } else {
      await s.consulter(who, me, b.action);
    }
    return c.json({ ok: true });
  });
  return app;
}
