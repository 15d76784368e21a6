import { Hono } from "hono";
import { z } from "zod";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { ConsultContactAdmin } from "../server/org/consult_contacts.ts";
import type { Consults } from "../telephony/consult.ts";
import type { SeatDialer } from "../telephony/seat_dialer.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

/** The seat's own calls through the trunk (server/system.ts makes them when an edge can dial). */
export interface SeatCalls {
  dialer: SeatDialer;
  consults: Consults;
}

const Number_ = z.string().trim().regex(/^\+?[0-9][0-9 -]{2,24}$/, "号码格式不正确");
const DialBody = z.union([
  z.object({ number: Number_ }).strict(),
  z.object({ case_number: z.string().regex(/^[0-9]{8}$/, "无效的工单编号") }).strict(),
]);
const ConsultBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("start"), contact_id: z.number().int().positive() }).strict(),
  z.object({
    action: z.literal("start_number"),
    number: Number_,
    name: z.string().trim().min(1).max(60).optional(),
  }).strict(),
  ...(["conference", "transfer", "cancel"] as const).map((a) =>
    z.object({ action: z.literal(a) }).strict()
  ),
]);

/**
 * 外呼回拨 and 三方通话 from the seat (agents, `seat.operate`): each acts on the caller's own
 * seat only. A case's number is never sent to the page: 回拨 passes the case number and the
 * server decrypts the phone.
 */
export function seatCallRoutes(
  { seatCalls, consultContacts }: { seatCalls?: SeatCalls; consultContacts: ConsultContactAdmin },
) {
  const app = new Hono<AppEnv>();
  const port = () => {
    if (!seatCalls?.dialer.enabled()) {
      throw new AppError(
        503,
        "no_outbound_trunk",
        "未配置外呼中继或媒体层未就绪，无法外呼 (SIP_TRUNK_OUTBOUND)",
      );
    }
    return seatCalls;
  };
  const body = async (c: { req: { json(): Promise<unknown> } }) =>
    await c.req.json().catch(() => undefined);

  app.get("/api/seat/calls", guard("seat.operate"), async (c) => {
    const me = c.get("actor")!.workNumber;
    return c.json({
      enabled: seatCalls?.dialer.enabled() ?? false,
      dial: seatCalls ? await seatCalls.dialer.status(me) : null,
      consult: seatCalls ? await seatCalls.consults.status(me) : null,
    });
  });

  app.get("/api/seat/consult-contacts", guard("seat.operate"), async (c) => {
    // The list is data (/admin/consult-contacts), offered with or without a trunk: the seat
    // only shows it while it can dial.
    return c.json({ contacts: await consultContacts.offered() });
  });

  app.post("/api/seat/dial", guard("seat.operate"), async (c) => {
    const target = parseOrThrow(DialBody, await body(c), "dial");
    const actor = c.get("actor")!;
    const r = await port().dialer.dial(
      auditActor(actor, c.get("origin")),
      actor.workNumber,
      target,
    );
    return c.json(r, 202);
  });

  app.post("/api/seat/consult", guard("seat.operate"), async (c) => {
    const b = parseOrThrow(ConsultBody, await body(c), "consult");
    const actor = c.get("actor")!;
    const who = auditActor(actor, c.get("origin"));
    const consults = port().consults;
    const me = actor.workNumber;
    if (b.action === "start") return c.json(await consults.start(who, me, b), 202);
    if (b.action === "start_number") {
      return c.json(await consults.start(who, me, { number: b.number, name: b.name }), 202);
    }
    await consults[b.action](who, me);
    return c.json({ ok: true });
  });
  return app;
}
