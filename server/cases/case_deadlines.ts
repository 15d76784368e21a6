import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Database, Queryable } from "../../db/port.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import { recordCaseChange } from "./case_change.ts";
import { type CaseType, loadDeadlineRules } from "./deadline_rules.ts";
import { chinaDay, dayStart, deadlineLight } from "./working_days.ts";

/** Today's reminder slot that is due now: the latest operator time of day at or before `now`. */
export function dueSlot(now: number, times: readonly string[]): number | null {
  const today = dayStart(chinaDay(now));
  const passed = times
    .map((t) => today + (Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) * 60_000)
    .filter((slot) => slot <= now);
  return passed.length ? Math.max(...passed) : null;
}

/**
 * 催办 at the operator's times of day: every open case that is overdue, or dispatched and not
 * signed for in time, gets one reminder per round. Each round runs once, whichever process
 * claims its slot first; a process that was down at 09:00 still sends the 09:00 round when it
 * comes back the same day. Imported historical cases are never chased.
 */
export async function runReminderRound(db: Database, now: number): Promise<number | null> {
  const [settings] = await db.query<{ reminder_times: string[] }>(
    "select reminder_times from case_settings",
  );
  const slot = dueSlot(now, settings?.reminder_times ?? []);
  if (slot === null) return null;
  return await db.transaction(async (tx) => {
    const claimed = await tx.query(
      "insert into case_reminder_runs (slot, reminded) values ($1, 0) on conflict do nothing returning slot",
      [new Date(slot)],
    );
    if (claimed.length === 0) return null;
    const at = new Date(now);
    const due = await tx.query<
      {
        id: number;
        case_number: string;
        status: string;
        lead_department_id: number;
        reason: string;
      }
    >(
      `select id, case_number, status, lead_department_id,
         case when due_at < $1 then '已超期' else '超时未签收' end as reason
       from cases where source = 'hotline' and status in ('dispatched', 'signed', 'returned')
         and (due_at < $1 or (status = 'dispatched' and sign_due_at < $1))
       order by id for update`,
      [at],
    );
    const events: NewEvent[] = [];
    for (const c of due) {
      await tx.query(
        `insert into case_reminders (case_id, department_id, kind, reason, sent_by, sent_at)
         values ($1, $2, 'auto', $3, 'system', $4)`,
        [c.id, c.lead_department_id, c.reason, at],
      );
      events.push(
        await recordCaseChange(tx, SYSTEM_ACTOR, c, {
          kind: "reminded",
          status: c.status,
          departmentId: c.lead_department_id,
          data: { reminder: "auto", reason: c.reason, slot: new Date(slot).toISOString() },
        }),
      );
    }
    await tx.query("update case_reminder_runs set reminded = $2 where slot = $1", [
      new Date(slot),
      due.length,
    ]);
    await appendEvents(tx, events);
    return due.length;
  });
}

export interface DepartmentDeadlines {
  department_id: number;
  department_name: string;
  open: number;
  warning: number;
  overdue: number;
}

/** Open hotline cases per lead department, with how many are yellow and how many red now. */
export async function deadlineCounts(db: Queryable, now: number): Promise<DepartmentDeadlines[]> {
  const [rows, rules] = await Promise.all([
    db.query<{ department_id: number; department_name: string; type: string; due_at: Date | null }>(
      `select c.lead_department_id as department_id, d.name as department_name, c.type, c.due_at
       from cases c join departments d on d.id = c.lead_department_id
       where c.source = 'hotline' and c.status in ('dispatched', 'signed', 'returned')`,
    ),
    loadDeadlineRules(db),
  ]);
  const byDept = new Map<number, DepartmentDeadlines>();
  for (const r of rows) {
    const d = byDept.get(r.department_id) ??
      {
        department_id: r.department_id,
        department_name: r.department_name,
        open: 0,
        warning: 0,
        overdue: 0,
      };
    byDept.set(r.department_id, d);
    d.open++;
    if (!r.due_at) continue;
    const light = deadlineLight(
      now,
      r.due_at.getTime(),
      rules.calendar,
      rules.policies.get(r.type as CaseType)?.warn_working_days ?? 1,
    );
    if (light === "red") d.overdue++;
    else if (light === "yellow") d.warning++;
  }
  return [...byDept.values()].sort((a, b) =>
    b.overdue - a.overdue || b.warning - a.warning || b.open - a.open
  );
}

/**
 * Puts the per-department counts on the live spine when they changed (time alone turns cases
 * red, so this runs on a timer as well as after changes); the wall shows the latest.
 */
export class DeadlinePublisher {
  private last = "";
  constructor(private readonly db: Database, private readonly now: () => number) {}

  async publish(): Promise<boolean> {
    const counts = await deadlineCounts(this.db, this.now());
    const key = JSON.stringify(counts);
    if (key === this.last) return false;
    this.last = key;
    await this.db.transaction((tx) =>
      appendEvents(tx, [{ topic: "cases", type: "cases.deadlines", data: { departments: counts } }])
    );
    return true;
  }
}
