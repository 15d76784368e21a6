import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { acdHistory, type AcdSnapshot, acdSnapshot } from "../server/acd/acd_snapshot.ts";
import { staffing } from "../server/acd/erlang_c.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { AlarmService } from "../server/acd/alarm_service.ts";
import type { SeatActions } from "../server/acd/seat_actions.ts";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { LiveHub } from "../server/live/hub.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const REASONS = ["break", "meal", "training", "meeting", "other"] as const;
const SeatActionBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("login"), reason: z.enum(REASONS).optional() }).strict(),
  z.object({ action: z.literal("not_ready"), reason: z.enum(REASONS) }).strict(),
  z.object({ action: z.literal("transfer"), queue: z.string().regex(/^[a-z][a-z0-9_]*$/) })
    .strict(),
  z.object({
    action: z.literal("transfer_seat"),
    to: z.string().regex(/^[0-9A-Za-z]{2,16}$/, "无效的工号"),
  }).strict(),
  z.object({
    action: z.literal("extend_wrap"),
    seconds: z.number().int().min(10).max(300).default(30),
  }).strict(),
  ...(["logout", "ready", "answer", "hold", "unhold", "hang_up", "wrap_done"] as const).map((a) =>
    z.object({ action: z.literal(a) }).strict()
  ),
]);
const WorkNumber = z.object({ work_number: z.string().regex(/^[0-9A-Za-z]{2,16}$/, "无效的工号") });
const SkillsBody = z.object({
  skills: z.array(
    z.object({
      skill: z.string().regex(/^[a-z][a-z0-9_]*$/),
      level: z.number().int().min(1).max(10),
    }).strict(),
  )
    .max(20)
    .refine((s) => new Set(s.map((x) => x.skill)).size === s.length, "每项技能只能出现一次"),
}).strict();
const ErlangQuery = z.object({
  calls: z.coerce.number().min(0).max(1e6),
  interval_s: z.coerce.number().positive().max(86_400).default(1800),
  aht_s: z.coerce.number().positive().max(86_400),
  target: z.coerce.number().gt(0).lt(1).default(0.95),
  answer_s: z.coerce.number().min(0).max(3600).default(15),
}).strict();

/** The ACD over HTTP: the snapshot for screens, seat actions for agents and supervisors, staffing. */
export function acdRoutes(
  d: { db: Database; hub: LiveHub; seats: SeatActions; acd: AcdService; alarms: AlarmService },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Many screens re-read at once after the same events: one computation serves them all, but
  // never one older than the newest event this process has seen (that event is why they ask).
  let cached: { at: number; seen: number; value: Promise<AcdSnapshot> } | undefined;
  const snapshot = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 300 || cached.seen < d.hub.lastId) {
      cached = { at: now, seen: d.hub.lastId, value: acdSnapshot(d.db, now) };
    }
    return cached.value;
  };

  app.get("/api/acd/snapshot", guard("acd.view"), async (c) => c.json(await snapshot()));

  app.get(
    "/api/acd/history",
    guard("acd.view"),
    async (c) => c.json(await acdHistory(d.db, Date.now())),
  );

  app.get(
    "/api/alarms",
    guard("acd.view"),
    async (c) => c.json({ alarms: await d.alarms.recent() }),
  );

  app.post("/api/alarms/:id/ack", guard("seats.supervise"), async (c) => {
    const { id } = parseOrThrow(
      z.object({ id: z.string().regex(/^\d{1,15}$/, "无效的告警编号").transform(Number) }),
      c.req.param(),
      "alarm id",
    );
    return c.json({
      alarm: await d.alarms.acknowledge(auditActor(c.get("actor"), c.get("origin")), id),
    });
  });

  app.get("/api/acd/calls/:id", guard("acd.view"), async (c) => {
    const { id } = parseOrThrow(
      z.object({ id: z.string().regex(/^\d{1,15}$/, "无效的来电编号").transform(Number) }),
      c.req.param(),
      "call id",
    );
    return c.json(await d.acd.positionOf(id));
  });

  app.get("/api/staffing/erlang-c", guard("acd.view"), (c) => {
    const q = parseOrThrow(ErlangQuery, c.req.query(), "staffing query");
    try {
      const r = staffing({
        calls: q.calls,
        intervalSeconds: q.interval_s,
        ahtSeconds: q.aht_s,
        targetServiceLevel: q.target,
        answerSeconds: q.answer_s,
      });
      return c.json({
        agents: r.agents,
        service_level: r.service_level,
        asa_s: r.asa_s,
        occupancy: r.occupancy,
        p_wait: r.p_wait,
        traffic_erlangs: r.traffic_erlangs,
      });
    } catch (error) {
      if (error instanceof RangeError) throw new AppError(400, "invalid_request", error.message);
      throw error;
    }
  });

  app.post("/api/seat", guard("seat.operate"), async (c) => {
    const body = parseOrThrow(
      SeatActionBody,
      await c.req.json().catch(() => undefined),
      "seat action",
    );
    const actor = c.get("actor")!;
    const { action, ...rest } = body;
    const seat = await d.seats.agent(
      auditActor(actor, c.get("origin")),
      actor.workNumber,
      { type: action, ...rest } as never,
    );
    return c.json({ seat });
  });

  for (
    const [path, type] of [["force-not-ready", "force_not_ready"], [
      "force-logout",
      "force_logout",
    ]] as const
  ) {
    app.post(`/api/supervisor/seats/:work_number/${path}`, guard("seats.supervise"), async (c) => {
      const { work_number } = parseOrThrow(WorkNumber, c.req.param(), "work number");
      const seat = await d.seats.supervisor(
        auditActor(c.get("actor"), c.get("origin")),
        work_number,
        { type },
      );
      return c.json({ seat });
    });
  }

  app.put("/api/supervisor/seats/:work_number/skills", guard("seats.supervise"), async (c) => {
    const { work_number } = parseOrThrow(WorkNumber, c.req.param(), "work number");
    const body = parseOrThrow(SkillsBody, await c.req.json().catch(() => undefined), "skills");
    const seat = await d.seats.supervisor(
      auditActor(c.get("actor"), c.get("origin")),
      work_number,
      { type: "set_skills", skills: body.skills },
    );
    return c.json({ seat });
  });
  return app;
}
