import { appendEvents, type NewEvent } from "../../db/events.ts";
import type { Database } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import { acdSnapshot } from "./acd_snapshot.ts";
import { breaches } from "./alarms.ts";
import { DEFAULT_THRESHOLDS, type Threshold, type ThresholdName } from "./wall_levels.ts";

export interface AlarmRow {
  id: number;
  rule: ThresholdName;
  subject: string;
  level: "warn" | "bad";
  value: number;
  raised_at: Date;
  cleared_at: Date | null;
  acked_by: string | null;
  acked_at: Date | null;
}

/** Raises, escalates and clears alarms from the ACD snapshot; supervisors acknowledge them. */
export class AlarmService {
  constructor(private readonly db: Database, private readonly clock: () => number = Date.now) {}

  async thresholds(): Promise<Record<ThresholdName, Threshold>> {
    const rows = await this.db.query<
      { name: ThresholdName; warn: number; bad: number; worse: "above" | "below" }
    >(
      "select name, warn, bad, worse from alarm_thresholds",
    );
    return { ...DEFAULT_THRESHOLDS, ...Object.fromEntries(rows.map((r) => [r.name, r])) };
  }

  /** Changes one threshold (its direction is fixed by what it measures); audited. */
  async setThreshold(
    who: AuditActor,
    name: ThresholdName,
    warn: number,
    bad: number,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [before] = await tx.query<{ warn: number; bad: number; worse: string }>(
        "select warn, bad, worse from alarm_thresholds where name = $1 for update",
        [name],
      );
      if (!before) {
        throw new AppError(404, "threshold_not_found", `没有这个阈值 (no threshold ${name})`);
      }
      const ordered = before.worse === "above" ? bad >= warn : bad <= warn;
      if (!ordered) {
        throw new AppError(
          422,
          "threshold_order",
          before.worse === "above" ? "红色阈值须不低于黄色阈值" : "红色阈值须不高于黄色阈值",
        );
      }
      await tx.query("update alarm_thresholds set warn = $2, bad = $3 where name = $1", [
        name,
        warn,
        bad,
      ]);
      await audit(tx, who, {
        action: "threshold.update",
        objectType: "threshold",
        objectId: name,
        before,
        after: { warn, bad },
      });
    });
  }

  /** One pass: compare now with the open alarms, in one transaction with its events. */
  async sync(): Promise<{ raised: number; cleared: number }> {
    const now = this.clock();
    const found = breaches(await acdSnapshot(this.db, now), await this.thresholds());
    return await this.db.transaction(async (tx) => {
      const open = await tx.query<AlarmRow>(
        "select * from alarms where cleared_at is null for update",
      );
      const key = (r: { rule: string; subject: string }) => `${r.rule}/${r.subject}`;
      const openBy = new Map(open.map((a) => [key(a), a]));
      const events: NewEvent[] = [];
      let raised = 0;
      for (const b of found) {
        const existing = openBy.get(key(b));
        if (!existing) {
          const [row] = await tx.query<{ id: number }>(
            `insert into alarms (rule, subject, level, value, raised_at) values ($1, $2, $3, $4, $5)
             on conflict (rule, subject) where cleared_at is null do nothing returning id`,
            [b.rule, b.subject, b.level, b.value, new Date(now)],
          );
          if (row) {
            raised++;
            events.push({ topic: "alarm", type: "alarm.raised", subject: row.id, data: { ...b } });
          }
        } else if (existing.level !== b.level) {
          await tx.query("update alarms set level = $2, value = $3 where id = $1", [
            existing.id,
            b.level,
            b.value,
          ]);
          events.push({
            topic: "alarm",
            type: "alarm.changed",
            subject: existing.id,
            data: { ...b },
          });
        }
      }
      const still = new Set(found.map(key));
      const gone = open.filter((a) => !still.has(key(a)));
      for (const a of gone) {
        await tx.query("update alarms set cleared_at = $2 where id = $1", [a.id, new Date(now)]);
        events.push({
          topic: "alarm",
          type: "alarm.cleared",
          subject: a.id,
          data: { rule: a.rule, subject: a.subject },
        });
      }
      await appendEvents(tx, events);
      return { raised, cleared: gone.length };
    });
  }

  /** Open alarms and those cleared in the last two hours, newest first. */
  recent(): Promise<AlarmRow[]> {
    return this.db.query<AlarmRow>(
      `select * from alarms where cleared_at is null or raised_at > $1 order by (cleared_at is null) desc, id desc limit 100`,
      [new Date(this.clock() - 2 * 3_600_000)],
    );
  }

  async acknowledge(who: AuditActor, id: number): Promise<AlarmRow> {
    return await this.db.transaction(async (tx) => {
      const [row] = await tx.query<AlarmRow>("select * from alarms where id = $1 for update", [id]);
      if (!row) throw new AppError(404, "alarm_not_found", `没有这个告警 (no alarm ${id})`);
      if (row.acked_at) {
        throw new AppError(
          409,
          "already_acked",
          `告警已由 ${row.acked_by} 确认 (already acknowledged)`,
        );
      }
      const [after] = await tx.query<AlarmRow>(
        "update alarms set acked_by = $2, acked_at = $3 where id = $1 returning *",
        [id, who.actor, new Date(this.clock())],
      );
      await audit(tx, who, {
        action: "alarm.acknowledge",
        objectType: "alarm",
        objectId: id,
        after: { rule: row.rule, subject: row.subject },
      });
      await appendEvents(tx, [{
        topic: "alarm",
        type: "alarm.acked",
        subject: id,
        data: { by: who.actor },
      }]);
      return after;
    });
  }
}
