/**
 * The menu's narrow window onto the rest of the system: cases (recordings become voicemail
 * cases, status by phone, surveys) and the ACD (queue, position, abandon). Each write is one
 * transaction with its history, audit record and live-spine event.
 */
import { appendEvents } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import type { AcdService } from "../../server/acd/acd_service.ts";
import type { SeatActions } from "../../server/acd/seat_actions.ts";
import type { AuditActor } from "../../server/audit/audit.ts";
import { recordCaseChange } from "../../server/cases/case_change.ts";
import { registerCase } from "../../server/cases/case_intake.ts";
import { phoneCaseStatus } from "../../server/cases/case_phone_lookup.ts";
import { CaseIntake } from "../../server/cases/case_schemas.ts";
import { AppError } from "../../server/errors.ts";
import type { PiiCipher } from "../../server/privacy/pii_cipher.ts";
import { g711ToWav } from "../g711.ts";
import type { IvrServices } from "./ivr_io.ts";

/** Who the audit log names for what callers do in the menu. */
export const IVR_ACTOR: AuditActor = {
  actor: "ivr",
  role: null,
  ip: null,
  userAgent: "12345-hotline-edge",
};

const PHONE = /^\+?[0-9 -]{5,20}$/;

export interface IvrServiceDeps {
  db: Database;
  pii: PiiCipher;
  acd: AcdService;
  seats: SeatActions;
  now: () => number;
}

export function ivrServices(d: IvrServiceDeps): Omit<IvrServices, "connect"> {
  return {
    now: d.now,

    async registerRecording(i) {
      const seconds = Math.round(i.recording.ms / 1000);
      const input = CaseIntake.parse({
        type: i.caseType,
        channel: "voicemail",
        content: i.purpose === "mailbox"
          ? `市长信箱电话留言（时长 ${seconds} 秒），录音见附件，须在 24 小时内处理。`
          : `电话录音投诉举报（时长 ${seconds} 秒），录音见附件。`,
        citizen_phone: PHONE.test(i.caller) ? i.caller : null,
        outcome: "register",
      });
      const wav = g711ToWav(i.recording.audio, i.recording.codec);
      // The case and its recording in one transaction: registerCase runs inside ours.
      const db = withinTransaction(d.db, async (tx, result: { case_number: string }) => {
        await attachRecording(tx, d.now(), result.case_number, wav, i.sipCallId);
      });
      const { case_number } = await registerCase(
        { db, pii: d.pii, now: d.now },
        { viewer: { roles: [], departmentId: null }, audit: IVR_ACTOR },
        input,
      );
      return { caseNumber: case_number };
    },

    async caseStatus(caseNumber, caller) {
      try {
        const s = await phoneCaseStatus(d.db, d.pii, caseNumber, caller);
        return { status: s.status, reply: s.reply };
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      }
    },

    async saveSurvey(i) {
      const hash = PHONE.test(i.caller) ? await d.pii.lookupHash(i.caller) : null;
      await d.db.transaction(async (tx) => {
        const [linked] = i.acdCallId === null ? [] : await tx.query<
          { id: number; case_number: string; status: string; lead_department_id: number | null }
        >(
          `select c.id, c.case_number, c.status, c.lead_department_id from case_calls k join cases c on c.id = k.case_id
           where k.call_id = $1 order by c.id desc limit 1`,
          [i.acdCallId],
        );
        await tx.query(
          `insert into case_surveys (case_id, acd_call_id, survey, score, caller_number_hash, sip_call_id, created_at)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            linked?.id ?? null,
            i.acdCallId,
            i.survey,
            i.score,
            hash,
            i.sipCallId,
            new Date(d.now()),
          ],
        );
        if (linked) {
          const event = await recordCaseChange(tx, IVR_ACTOR, linked, {
            kind: "survey",
            status: linked.status,
            departmentId: linked.lead_department_id,
            data: { survey: i.survey, score: i.score },
          });
          await appendEvents(tx, [event]);
        }
      });
    },

    async enqueue(queue, caller) {
      const { id } = await d.acd.offer({ channel: "phone", callerNumber: caller, queue });
      return id;
    },

    async queueState(id) {
      const [row] = await d.db.query<
        { state: string; end_reason: string | null; answered: boolean }
      >(
        "select state, end_reason, answered_at is not null as answered from calls where id = $1",
        [id],
      );
      return {
        state: row?.state ?? "ended",
        endReason: row?.end_reason ?? null,
        answered: row?.answered ?? false,
      };
    },

    async queuePosition(id) {
      const p = await d.acd.positionOf(id);
      return { position: p.position, expectedWaitS: p.expected_wait_s };
    },

    abandon: (id) => d.acd.abandon(id),

    async requestCallback(i) {
      try {
        await d.acd.leaveForCallback(i.acdCallId);
      } catch (error) {
        if (error instanceof AppError && error.status === 409) return null;
        throw error;
      }
      // A case, not a list of its own: it carries the caller's number (from the call, encrypted
      // as every contact), is linked to the call, waits in the dispatchers' list with a deadline
      // and is on the live spine — an agent calls back and goes on with it as with any case.
      const minutes = Math.max(1, Math.round(i.waitedS / 60));
      const { case_number } = await registerCase(
        { db: d.db, pii: d.pii, now: d.now },
        { viewer: { roles: [], departmentId: null }, audit: IVR_ACTOR },
        CaseIntake.parse({
          type: "consultation",
          channel: "phone",
          content:
            `来电排队等待过久，请求回拨（队列 ${i.queue}，已等待约 ${minutes} 分钟）。请话务员尽快回电，了解并登记市民诉求。`,
          call_id: i.acdCallId,
          outcome: "register",
        }),
      );
      return { caseNumber: case_number };
    },

    async endCall(id) {
      const [call] = await d.db.query<{ state: string; work_number: string | null }>(
        // Only while a seat is on the call: after a transfer out (consult.ts) none is, and the
        // media layer's consultation ends the call itself.
        `select c.state, a.work_number from calls c left join agents a on a.id = c.agent_id
         join seat_states s on s.agent_id = a.id and s.call_id = c.id and s.state in ('on_call', 'hold')
         where c.id = $1`,
        [id],
      );
      if ((call?.state === "connected" || call?.state === "held") && call.work_number) {
        // Not a person's action: like the media layer's, unaudited, with its events.
        await d.seats.agent(null, call.work_number, { type: "hang_up" });
      }
    },
  };
}

async function attachRecording(
  tx: Tx,
  now: number,
  caseNumber: string,
  wav: Uint8Array,
  sipCallId: string,
): Promise<void> {
  const [c] = await tx.query<{ id: number; status: string }>(
    "select id, status from cases where case_number = $1",
    [caseNumber],
  );
  const sha = new Uint8Array(
    await crypto.subtle.digest("SHA-256", wav as Uint8Array<ArrayBuffer>),
  ).toHex();
  const fileName = `录音-${caseNumber}.wav`;
  const [a] = await tx.query<{ id: number }>(
    `insert into case_attachments (case_id, file_name, content_type, size, sha256, data, uploaded_by, uploaded_at)
     values ($1, $2, 'audio/wav', $3, $4, $5, $6, $7) returning id`,
    [c.id, fileName, wav.length, sha, wav, IVR_ACTOR.actor, new Date(now)],
  );
  const event = await recordCaseChange(tx, IVR_ACTOR, { id: c.id, case_number: caseNumber }, {
    kind: "attachment_added",
    status: c.status,
    data: {
      attachment_id: a.id,
      file_name: fileName,
      size: wav.length,
      sha256: sha,
      sip_call_id: sipCallId,
    },
  });
  await appendEvents(tx, [event]);
}

/**
 * A view of `db` whose transactions run `then` before they commit: a service that owns its
 * transaction (registerCase) and our follow-up write land in one commit or none.
 */
function withinTransaction<R>(db: Database, then: (tx: Tx, result: R) => Promise<void>): Database {
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    listen: (channel, options) => db.listen(channel, options),
    close: () => db.close(),
    transaction: <T>(fn: (tx: Tx) => Promise<T>) =>
      db.transaction(async (tx) => {
        const result = await fn(tx);
        await then(tx, result as unknown as R);
        return result;
      }),
  };
}
