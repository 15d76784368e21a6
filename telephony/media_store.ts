/**
 * The media layer's rows (recordings, monitors) and its events on the live spine; each write is
 * one transaction with its audit record and its events, appended last.
 */
import { appendEvents, type NewEvent } from "../db/events.ts";
import type { Database } from "../db/port.ts";
import { audit, type AuditActor, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import type { MonitorMode } from "./who_hears.ts";

export interface RecordingRow {
  id: number;
  call_id: number;
  case_id: number | null;
  file: string;
  state: string;
  started_at: Date;
  ended_at: Date | null;
  duration_ms: number | null;
  bytes: number | null;
}

const media = (
  type: string,
  subject: number | string,
  data: Record<string, unknown>,
): NewEvent => ({
  topic: "media",
  type: `media.${type}`,
  subject,
  data,
});

export class MediaStore {
  constructor(private readonly db: Database) {}

  async recordingStarted(callId: number, fileFor: (id: number) => string, at: Date) {
    return await this.db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: number }>(
        `insert into call_recordings (call_id, case_id, file, started_at)
         values ($1, (select case_id from case_calls where call_id = $1 order by case_id limit 1),
           'pending-' || gen_random_uuid(), $2) returning id`,
        [callId, at],
      );
      const file = fileFor(id);
      await tx.query("update call_recordings set file = $2 where id = $1", [id, file]);
      await appendEvents(tx, [media("recording_started", callId, { call: callId, recording: id })]);
      return { id, file };
    });
  }

  async recordingStopped(
    id: number,
    callId: number,
    r: { durationMs: number; bytes: number; state: "complete" | "failed" },
  ) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update call_recordings set state = $2, ended_at = now(), duration_ms = $3, bytes = $4
         where id = $1 and state = 'recording'`,
        [id, r.state, r.durationMs, r.bytes],
      );
      await appendEvents(tx, [
        media("recording_stopped", callId, {
          call: callId,
          recording: id,
          state: r.state,
          duration_s: Math.round(r.durationMs / 100) / 10,
        }),
      ]);
    });
  }

  /** Recordings a crashed process left open. */
  openRecordings(): Promise<RecordingRow[]> {
    return this.db.query<RecordingRow>(
      "select * from call_recordings where state = 'recording' order by id",
    );
  }

  async markInterrupted(id: number, durationMs: number, bytes: number) {
    await this.db.query(
      `update call_recordings set state = 'interrupted', ended_at = now(), duration_ms = $2, bytes = $3
       where id = $1 and state = 'recording'`,
      [id, durationMs, bytes],
    );
  }

  recording(id: number): Promise<RecordingRow | undefined> {
    return this.db.query<RecordingRow>("select * from call_recordings where id = $1", [id])
      .then((r) => r[0]);
  }

  /** Each playback is audited; the caller streams the file only after this committed. */
  async auditPlayback(who: AuditActor, rec: RecordingRow) {
    await this.db.transaction((tx) =>
      audit(tx, who, {
        action: "recording.play",
        objectType: "recording",
        objectId: rec.id,
        after: { call: rec.call_id, case: rec.case_id, file: rec.file },
      })
    );
  }

  /** Recordings past the retention: their files go first, then the rows say so. */
  expiredRecordings(days: number): Promise<RecordingRow[]> {
    return this.db.query<RecordingRow>(
      `select * from call_recordings where state not in ('recording', 'deleted')
         and started_at < now() - make_interval(days => $1) order by id limit 1000`,
      [days],
    );
  }

  async markDeleted(ids: number[], days: number) {
    if (ids.length === 0) return;
    await this.db.transaction(async (tx) => {
      await tx.query(
        "update call_recordings set state = 'deleted', deleted_at = now() where id = any($1::bigint[])",
        [ids],
      );
      await audit(tx, SYSTEM_ACTOR, {
        action: "recording.purge",
        objectType: "recording",
        after: { recordings: ids, retention_days: days },
      });
    });
  }

  async monitorStarted(
    who: AuditActor,
    m: { callId: number; supervisor: string; agent: string | null; mode: MonitorMode },
  ): Promise<number> {
    return await this.db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: number }>(
        `insert into call_monitors (call_id, supervisor, agent, mode, started_at)
         values ($1, $2, $3, $4, now()) returning id`,
        [m.callId, m.supervisor, m.agent, m.mode],
      );
      await audit(tx, who, {
        action: "monitor.start",
        objectType: "call",
        objectId: m.callId,
        after: { agent: m.agent, mode: m.mode, monitor: id },
      });
      await appendEvents(tx, [media("monitor_started", m.callId, monitorData(m))]);
      return id;
    });
  }

  async monitorMode(
    who: AuditActor,
    id: number,
    m: { callId: number; supervisor: string; agent: string | null; mode: MonitorMode },
    before: MonitorMode,
  ) {
    await this.db.transaction(async (tx) => {
      await tx.query("update call_monitors set mode = $2 where id = $1", [id, m.mode]);
      await audit(tx, who, {
        action: "monitor.mode",
        objectType: "call",
        objectId: m.callId,
        before: { mode: before },
        after: { agent: m.agent, mode: m.mode, monitor: id },
      });
      await appendEvents(tx, [media("monitor_mode", m.callId, monitorData(m))]);
    });
  }

  async monitorStopped(
    who: AuditActor,
    id: number,
    m: { callId: number; supervisor: string; agent: string | null; mode: MonitorMode },
    reason: string,
  ) {
    await this.db.transaction(async (tx) => {
      const ended = await tx.query(
        "update call_monitors set ended_at = now() where id = $1 and ended_at is null returning id",
        [id],
      );
      if (ended.length === 0) return;
      await audit(tx, who, {
        action: "monitor.stop",
        objectType: "call",
        objectId: m.callId,
        after: { agent: m.agent, mode: m.mode, monitor: id, reason },
      });
      await appendEvents(tx, [media("monitor_stopped", m.callId, { ...monitorData(m), reason })]);
    });
  }

  /** Monitors still open (the desk's board marks their seats). */
  openMonitors() {
    return this.db.query<
      { id: number; call_id: number; supervisor: string; agent: string | null; mode: MonitorMode }
    >("select id, call_id, supervisor, agent, mode from call_monitors where ended_at is null order by id");
  }

  /** A process that crashed left monitors open: nobody is listening any more. */
  async closeStaleMonitors() {
    await this.db.query("update call_monitors set ended_at = now() where ended_at is null");
  }

  async event(type: string, subject: number | string, data: Record<string, unknown>) {
    await this.db.transaction((tx) => appendEvents(tx, [media(type, subject, data)]));
  }
}

function monitorData(
  m: { callId: number; supervisor: string; agent: string | null; mode: string },
) {
  return { call: m.callId, supervisor: m.supervisor, agent: m.agent, mode: m.mode };
}
