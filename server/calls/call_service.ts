import { appendEvents } from "../../db/events.ts";
import type { Database, Tx } from "../../db/port.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import {
  type CallEndReason,
  type CallState,
  IllegalCallStep,
  nextCallState,
} from "./call_state.ts";

export interface OfferedCall {
  id: number;
  queue: string;
}

/** Writes each call change and its `call` event in one transaction. */
export class CallService {
  constructor(private readonly db: Database, private readonly pii: PiiCipher) {}

  async offer(
    input: { channel: "phone" | "web"; callerNumber: string; queue: string },
  ): Promise<OfferedCall> {
    const encrypted = await this.pii.encrypt(input.callerNumber);
    const hash = await this.pii.lookupHash(input.callerNumber);
    return await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        `insert into calls (channel, caller_number_enc, caller_number_hash, queue_code, state)
         values ($1, $2, $3, $4, 'queued') returning id`,
        [input.channel, encrypted, hash, input.queue],
      );
      await appendEvents(tx, [{
        topic: "call",
        type: "call.offered",
        subject: row.id,
        data: { queue: input.queue, channel: input.channel },
      }]);
      return { id: row.id, queue: input.queue };
    });
  }

  answer(callId: number, workNumber: string): Promise<void> {
    return this.#step(callId, "answer", async (tx, state) => {
      const [agent] = await tx.query<{ id: number }>(
        "select id from agents where work_number = $1 and active",
        [workNumber],
      );
      if (!agent) throw new AppError(404, "agent_not_found", `no active agent ${workNumber}`);
      await tx.query(
        "update calls set state = $2, agent_id = $3, answered_at = now() where id = $1",
        [callId, state, agent.id],
      );
      return { type: "call.answered", data: { agent: workNumber } };
    });
  }

  end(callId: number, reason: CallEndReason): Promise<void> {
    return this.#step(callId, "end", async (tx, state) => {
      await tx.query(
        "update calls set state = $2, end_reason = $3, ended_at = now() where id = $1",
        [callId, state, reason],
      );
      return { type: "call.ended", data: { reason } };
    });
  }

  #step(
    callId: number,
    step: "answer" | "end",
    apply: (tx: Tx, next: CallState) => Promise<{ type: string; data: Record<string, unknown> }>,
  ): Promise<void> {
    return this.db.transaction(async (tx) => {
      const [call] = await tx.query<{ state: CallState; queue_code: string }>(
        "select state, queue_code from calls where id = $1 for update",
        [callId],
      );
      if (!call) throw new AppError(404, "call_not_found", `no call ${callId}`);
      let next: CallState;
      try {
        next = nextCallState(call.state, step);
      } catch (error) {
        if (error instanceof IllegalCallStep) {
          throw new AppError(409, "illegal_call_step", error.message);
        }
        throw error;
      }
      const event = await apply(tx, next);
      await appendEvents(tx, [{
        topic: "call",
        type: event.type,
        subject: callId,
        data: { queue: call.queue_code, ...event.data },
      }]);
    });
  }
}
