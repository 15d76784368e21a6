/** Checks, from the tables and the event log, that no call was ever given to two seats at once. */
import assert from "node:assert/strict";
import type { Database } from "../db/port.ts";

export async function assertNoDoubleBooking(db: Database): Promise<{ rings: number }> {
  // The present: every busy seat holds one call, which is in the matching state and points back.
  const busy = await db.query<
    {
      agent_id: number;
      state: string;
      call_id: number;
      call_state: string;
      call_agent: number | null;
    }
  >(
    `select s.agent_id, s.state, s.call_id, c.state as call_state, c.agent_id as call_agent
     from seat_states s join calls c on c.id = s.call_id where s.state in ('reserved', 'on_call', 'hold')`,
  );
  const expected: Record<string, string> = {
    reserved: "ringing",
    on_call: "connected",
    hold: "held",
  };
  for (const b of busy) {
    assert.equal(
      b.call_state,
      expected[b.state],
      `seat ${b.agent_id} is ${b.state} but its call is ${b.call_state}`,
    );
    assert.equal(b.call_agent, b.agent_id, `call ${b.call_id} points at another seat`);
  }
  const [{ orphans }] = await db.query<{ orphans: number }>(
    `select count(*)::int as orphans from calls c where c.state in ('ringing', 'connected', 'held')
     and not exists (select 1 from seat_states s where s.call_id = c.id and s.state in ('reserved', 'on_call', 'hold'))`,
  );
  assert.equal(orphans, 0, "calls in progress without their seat");

  // The history: replay the events in order; a seat is reserved only when free, a call rings only
  // when it is not already ringing or connected somewhere.
  const events = await db.query<{ type: string; subject: string; data: Record<string, unknown> }>(
    "select type, subject, data from events where topic in ('call', 'seat') order by id",
  );
  const seatHolds = new Map<string, unknown>();
  const callAt = new Map<string, string>();
  let rings = 0;
  for (const e of events) {
    if (e.type === "seat.reserved") {
      assert.ok(
        !seatHolds.get(e.subject),
        `seat ${e.subject} reserved while holding call ${seatHolds.get(e.subject)}`,
      );
      seatHolds.set(e.subject, e.data.call);
    } else if (e.type.startsWith("seat.")) {
      seatHolds.set(
        e.subject,
        ["on_call", "hold", "wrap_up"].includes(String(e.data.state)) ? e.data.call : null,
      );
    } else if (e.type === "call.ringing") {
      assert.ok(
        !callAt.has(e.subject),
        `call ${e.subject} rang ${e.data.agent} while at ${callAt.get(e.subject)}`,
      );
      callAt.set(e.subject, String(e.data.agent));
      rings++;
    } else if (
      ["call.requeued", "call.abandoned", "call.ended", "call.transferred", "call.max_wait"]
        .includes(e.type)
    ) {
      callAt.delete(e.subject);
    }
  }
  return { rings };
}
