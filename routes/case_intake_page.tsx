import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import CaseIntake, { type IntakeProps } from "../islands/CaseIntake.tsx";
import SeatAudio from "../islands/SeatAudio.tsx";
import SeatPanel from "../islands/SeatPanel.tsx";
import SeatChat from "../islands/SeatChat.tsx";
import type { Actor } from "../server/auth/actor.ts";
import { can } from "../server/auth/permissions.ts";
import { suggestCategories } from "../server/cases/category_suggest.ts";
import { intakeOptions } from "../server/cases/intake_options.ts";
import type { RoutingAdmin } from "../server/cases/routing_admin.ts";
import { parseOrThrow } from "../server/errors.ts";
import { maskPhone } from "../server/privacy/mask.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";

const SuggestQuery = z.object({ text: z.string().trim().min(1).max(4000) }).strict();

export interface SeatNow {
  state: string;
  reason: string | null;
  since: string;
  /** In after-call work: milliseconds left until the ACD makes the seat ready (the countdown). */
  wrap_left_ms: number | null;
  call: {
    id: number;
    /** "phone" or "web" (the citizen calling from /call): the intake form's channel. */
    channel: string;
    queue_name: string | null;
    caller: string | null;
    answered: boolean;
  } | null;
  /** 内部咨询: the consulting agent's work number while this seat is consulted on their call. */
  consult_from?: string | null;
}

/**
 * The agent's seat as the intake needs it: the state, and the call on the seat — or, in
 * wrap-up, the call just ended — with its caller number masked.
 */
async function seatNow(db: Database, pii: PiiCipher, workNumber: string): Promise<SeatNow | null> {
  const [row] = await db.query<{
    state: string;
    reason: string | null;
    since: Date;
    wrap_until: Date | null;
    call_id: number | null;
    channel: string | null;
    queue_name: string | null;
    caller_number_enc: string | null;
    answered_at: Date | null;
    consult_from: string | null;
  }>(
    `select s.state, s.reason, s.since, s.wrap_until, k.id as call_id, k.channel, q.name as queue_name, k.caller_number_enc, k.answered_at,
       case when s.state in ('reserved', 'on_call', 'hold') and k.agent_id <> a.id
         then (select work_number from agents where id = k.agent_id) end as consult_from
     from agents a join seat_states s on s.agent_id = a.id
     left join lateral (select * from calls where id = s.call_id or (s.call_id is null and agent_id = a.id
       and s.state = 'wrap_up') order by (id = s.call_id) desc nulls last, offered_at desc limit 1) k on true
     left join queues q on q.code = k.queue_code
     where a.work_number = $1`,
    [workNumber],
  );
  if (!row) return null;
  return {
    state: row.state,
    reason: row.reason,
    since: row.since.toISOString(),
    // The ACD's timers run on the servers' clock (Date.now), not the database's.
    wrap_left_ms: row.state === "wrap_up" && row.wrap_until
      ? Math.max(0, row.wrap_until.getTime() - Date.now())
      : null,
    call: row.call_id === null ? null : {
      id: row.call_id,
      channel: row.channel ?? "phone",
      queue_name: row.queue_name,
      caller: row.caller_number_enc ? maskPhone(await pii.decrypt(row.caller_number_enc)) : null,
      answered: row.answered_at !== null,
    },
    consult_from: row.consult_from,
  };
}

/** The seat page (agent during a call), the operator's intake page, and what the form asks. */
export function caseIntakeRoutes(
  d: { db: Database; pii: PiiCipher; routing: RoutingAdmin; heartbeatMs: number },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const intakeProps = async (actor: Actor, call: IntakeProps["call"]): Promise<IntakeProps> => ({
    ...(await intakeOptions(d.db)),
    csrf: actor.csrf,
    call,
    canReadKb: can(actor.roles, "kb.read"),
  });

  app.get("/cases/new", guard("cases.create"), async (c) => {
    const actor = c.get("actor")!;
    return c.html(renderPage(
      { title: "登记工单", actor },
      <main class="page">
        <h1>登记工单（网站、邮件、信件、传真等）</h1>
        <Island name="CaseIntake" component={CaseIntake} props={await intakeProps(actor, null)} />
      </main>,
    ));
  });

  app.get("/seat", guard("seat.operate"), async (c) => {
    const actor = c.get("actor")!;
    const seat = await seatNow(d.db, d.pii, actor.workNumber);
    const queues = await d.db.query<{ code: string; name: string }>(
      "select code, name from queues where active order by priority, code",
    );
    // A consulted seat's call is the consulting agent's (until transferred): not this form's.
    const call = seat?.call && !seat.consult_from
      ? {
        id: seat.call.id,
        channel: seat.call.channel,
        queue_name: seat.call.queue_name,
        caller: seat.call.caller,
      }
      : null;
    return c.html(renderPage(
      { title: "坐席", actor, liveTopics: ["seat"], heartbeatMs: d.heartbeatMs },
      <main class="page">
        <h1>坐席 {actor.workNumber}</h1>
        <Island
          name="SeatPanel"
          component={SeatPanel}
          props={{ csrf: actor.csrf, seat, queues }}
        />
        <Island
          name="SeatAudio"
          component={SeatAudio}
          props={{ csrf: actor.csrf, workNumber: actor.workNumber }}
        />
        <Island
          name="SeatChat"
          component={SeatChat}
          props={{ csrf: actor.csrf, workNumber: actor.workNumber, seat }}
        />
        <h2>{call ? "本次来电登记工单" : "登记工单"}</h2>
        <Island name="CaseIntake" component={CaseIntake} props={await intakeProps(actor, call)} />
      </main>,
    ));
  });

  app.get("/api/seat/current", guard("seat.operate"), async (c) => {
    return c.json({ seat: await seatNow(d.db, d.pii, c.get("actor")!.workNumber) });
  });

  app.get("/api/cases/suggest", guard("cases.create"), async (c) => {
    const { text } = parseOrThrow(SuggestQuery, c.req.query(), "suggest query");
    const suggestions = suggestCategories(text, await d.routing.suggestEntries(), 3);
    return c.json({
      suggestions: suggestions.map((s) => ({
        category_id: s.category_id,
        path: s.path,
        lead_department_id: s.lead_department_id,
        department_name: s.department_name,
        matched: s.matched,
        score: s.score,
      })),
    });
  });
  return app;
}
