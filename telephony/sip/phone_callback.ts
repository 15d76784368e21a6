/**
 * The hotline calls a citizen back about a replied case (回访): an INVITE through the trunk to
 * the case's phone, the two questions by keys, and the result recorded as the case's callback
 * step (satisfied closes it, dissatisfied sends it back to the department, no answer counts as
 * unreached — three of those close it), with the call's path stored like any other.
 */
import type { Database } from "../../db/port.ts";
import { recordCallback } from "../../server/cases/callback_step.ts";
import { Callback } from "../../server/cases/case_schemas.ts";
import { AppError } from "../../server/errors.ts";
import type { PiiCipher } from "../../server/privacy/pii_cipher.ts";
import { askCallback } from "../ivr/callback_script.ts";
import { CallIo } from "../ivr/call_io.ts";
import type { PathStep } from "../ivr/ivr_runner.ts";
import { IVR_ACTOR } from "../ivr/ivr_services.ts";
import type { IvrStore } from "../ivr/ivr_store.ts";
import type { Tts } from "../tts/tts.ts";
import type { MediaClock, RtpPortPool } from "./rtp_session.ts";
import { RtpSession } from "./rtp_session.ts";
import type { CallSession } from "./sip_call.ts";
import type { SipUa } from "./sip_ua.ts";
import { placeCall } from "./sip_uac.ts";
import type { Remote } from "./udp_socket.ts";

export interface CallbackParts {
  ua: SipUa;
  ports: RtpPortPool;
  clock: MediaClock;
  tts: Tts;
  store: IvrStore;
  db: Database;
  pii: PiiCipher;
  now: () => number;
  host: string;
  trunk: Remote;
  auth?: { user: string; password: string };
}

export interface CallbackOutcome {
  reached: boolean;
  /** The SIP status when nobody answered (486 busy, 487 no answer, 408 no reply …). */
  status?: number;
  resolved?: boolean;
  satisfaction?: string;
}

export async function phoneCallback(
  p: CallbackParts,
  caseNumber: string,
  attempt?: { n: number; of: number },
): Promise<CallbackOutcome> {
  // Each attempt of a scheduled series says which one it was on the case's history.
  const nth = attempt ? `（第 ${attempt.n}/${attempt.of} 次）` : "";
  const [row] = await p.db.query<{ status: string; citizen_phone_enc: string | null }>(
    "select status, citizen_phone_enc from cases where case_number = $1",
    [caseNumber],
  );
  if (!row) throw new AppError(404, "case_not_found", `没有这个工单 (no case ${caseNumber})`);
  if (row.status !== "reviewed") {
    throw new AppError(
      409,
      "case_status",
      "只有已审核答复的工单可以回访 (the reply is not reviewed)",
    );
  }
  if (!row.citizen_phone_enc) throw new AppError(422, "no_phone", "工单没有联系电话，无法电话回访");
  const number = (await p.pii.decrypt(row.citizen_phone_enc)).replace(/[^\d+]/g, "");
  const started = p.now();
  // The far end is known only from its answer: silent until then.
  const media = new RtpSession({
    codec: "PCMU",
    pt: 0,
    dtmfPt: null,
    remoteHost: "0.0.0.0",
    remotePort: 9,
    peerDirection: "inactive",
    ptime: 20,
  });
  media.attach(await p.ports.open(media));
  let callId = "";
  const io = new CallIo(media, p.tts, () => p.ua.hangup(callId));
  media.onDigit = (d) => io.digit(d);
  const local = { host: p.host, port: media.localPort, sessionId: started, version: 1 };
  const session: CallSession = {
    confirmed: () => {},
    ended: () => io.callerHungUp(),
    digit: (d) => io.digit(d),
    reoffer: (offer) => {
      media.update(offer);
      return local;
    },
  };
  p.clock.add(media);
  const path: PathStep[] = [];
  try {
    const placed = await placeCall(p.ua, {
      uri: `sip:${number}@${p.trunk.address}:${p.trunk.port}`,
      via: p.trunk,
      from: "12345",
      media: local,
      session,
      auth: p.auth,
      ringMs: 40_000,
    });
    callId = placed.callId;
    let outcome: CallbackOutcome;
    if (!placed.ok) {
      outcome = { reached: false, status: placed.status };
      await record(p, caseNumber, {
        reached: false,
        note: `电话回访未接通（SIP ${placed.status}）${nth}`,
      });
      return outcome;
    }
    media.update(placed.answer);
    const answer = await askCallback(io, caseNumber, p.now, path).catch(() => null);
    await io.hangup();
    if (answer) {
      outcome = { reached: true, ...answer };
      await record(p, caseNumber, {
        reached: true,
        resolved: answer.resolved,
        satisfaction: answer.satisfaction,
        note: answer.satisfaction === "dissatisfied"
          ? `电话自动回访：市民按键表示不满意${nth}`
          : `电话自动回访${nth}`,
      });
    } else {
      outcome = { reached: false };
      await record(p, caseNumber, { reached: false, note: `电话回访已接通，市民未按键作答${nth}` });
    }
    await p.store.saveCall({
      sipCallId: callId,
      direction: "out",
      treeVersion: null,
      callerEnc: await p.pii.encrypt(number),
      callerHash: await p.pii.lookupHash(number),
      dialed: number,
      language: "zh",
      startedAt: started,
      endedAt: p.now(),
      outcome: answer ? "completed" : "caller_hung_up",
      acdCallId: null,
      caseNumber,
      path,
      rtpIn: media.stats.rtpIn,
      rtpOut: media.stats.rtpOut,
      digits: media.stats.digits,
    });
    return outcome;
  } finally {
    p.clock.remove(media);
    media.close();
  }
}

function record(p: CallbackParts, caseNumber: string, input: unknown) {
  return recordCallback(
    { db: p.db, pii: p.pii, now: p.now },
    { viewer: { roles: ["agent"], departmentId: null }, audit: IVR_ACTOR },
    caseNumber,
    Callback.parse(input),
  );
}
