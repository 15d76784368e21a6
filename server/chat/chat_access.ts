/**
 * Who may read and write the chat of a call. The citizen proves it is the caller with the secret
 * its page got when the call started; the agent is the one whose seat has the call; a supervisor
 * reads while monitoring it. Refusals say why in Chinese (and English for logs).
 */
import type { Queryable } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import { sha256Hex } from "../sha256.ts";

/** How long after the end a caller's page may still read (a reload of the finished call). */
const CALLER_READ_AFTER_END_MS = 60 * 60 * 1000;

export interface ChatCall {
  id: number;
  state: string;
  ended_at: Date | null;
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The web caller: 404 no such chat, 403 a token of another call, 409 the call is over. */
export async function callerAccess(
  db: Queryable,
  callId: number,
  token: string,
  intent: "read" | "write",
  now = Date.now(),
): Promise<ChatCall> {
  const [row] = await db.query<ChatCall & { token_sha256: string }>(
    `select k.id, k.state, k.ended_at, a.token_sha256 from calls k
     join call_chat_access a on a.call_id = k.id where k.id = $1`,
    [callId],
  );
  if (!row) throw new AppError(404, "no_chat", "没有这通网络来电的文字交流 (no such chat)");
  if (!sameText(row.token_sha256, await sha256Hex(token))) {
    throw new AppError(
      403,
      "wrong_call",
      "通话凭证与该通话不符，只能查看本人的通话 (the token is not this call's)",
    );
  }
  if (row.state === "ended") {
    if (intent === "write") {
      throw new AppError(409, "call_ended", "通话已结束，不能再发送文字 (the call has ended)");
    }
    if (now - new Date(row.ended_at!).getTime() > CALLER_READ_AFTER_END_MS) {
      throw new AppError(409, "call_ended", "通话已结束 (the call has ended)");
    }
  }
  return row;
}

/**
 * The agent: reads the chat of the call on the seat (from the ring on: the citizen's lines are
 * there when the agent answers) and, in after-call work, of the call just ended; writes only
 * while talking or holding. Anything else is 409: the call is not (or no longer) on this seat.
 */
export async function agentAccess(
  db: Queryable,
  workNumber: string,
  callId: number,
  intent: "read" | "write",
): Promise<ChatCall> {
  const [row] = await db.query<{
    seat_state: string | null;
    seat_call: number | null;
    id: number | null;
    state: string | null;
    ended_at: Date | null;
    has_chat: boolean;
    last_of_agent: boolean;
  }>(
    `select s.state as seat_state, s.call_id as seat_call, k.id, k.state, k.ended_at,
       exists (select 1 from call_chat_access c where c.call_id = k.id) as has_chat,
       (k.agent_id = a.id and not exists (select 1 from calls n where n.agent_id = a.id
          and n.offered_at > k.offered_at)) as last_of_agent
     from agents a left join seat_states s on s.agent_id = a.id
     left join calls k on k.id = $2
     where a.work_number = $1`,
    [workNumber, callId],
  );
  if (!row?.id || !row.has_chat) {
    throw new AppError(404, "no_chat", "这通来电没有文字交流 (no chat on this call)");
  }
  const onSeat = Number(row.seat_call) === callId;
  const talking = onSeat && (row.seat_state === "on_call" || row.seat_state === "hold");
  const readable = (onSeat && row.seat_state === "reserved") || talking ||
    (row.seat_state === "wrap_up" && row.last_of_agent === true);
  if (!readable) {
    throw new AppError(409, "not_on_seat", "该通话不在您的坐席上 (the call is not on your seat)");
  }
  if (intent === "write" && !talking) {
    throw new AppError(
      409,
      row.state === "ended" ? "call_ended" : "not_talking",
      row.state === "ended"
        ? "通话已结束，不能再发送文字 (the call has ended)"
        : "接听后才能回复文字 (answer the call first)",
    );
  }
  return { id: row.id, state: row.state!, ended_at: row.ended_at };
}

/** A supervisor reads the chat of a call they are monitoring now (监听/耳语/强插). */
export async function monitorAccess(
  db: Queryable,
  supervisor: string,
  callId: number,
): Promise<ChatCall> {
  const [row] = await db.query<ChatCall & { monitoring: boolean }>(
    `select k.id, k.state, k.ended_at,
       exists (select 1 from call_monitors m where m.call_id = k.id and m.supervisor = $2
         and m.ended_at is null) as monitoring
     from calls k join call_chat_access a on a.call_id = k.id where k.id = $1`,
    [callId, supervisor],
  );
  if (!row) throw new AppError(404, "no_chat", "这通来电没有文字交流 (no chat on this call)");
  if (!row.monitoring) {
    throw new AppError(
      409,
      "not_monitoring",
      "监听该通话时才能查看文字交流 (monitor the call first)",
    );
  }
  return row;
}
