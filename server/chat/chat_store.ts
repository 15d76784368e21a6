/**
 * 文字交流: the messages of one call between the web caller and the agent (migration 0015).
 * Each write is one transaction with its event on the live spine (topic "chat", subject the call
 * id, data only ids): NOTIFY carries ids, the table is the truth, streams read after their last id.
 */
import { z } from "zod";
import { appendEvents } from "../../db/events.ts";
import type { Database, Queryable } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { sha256Hex } from "../sha256.ts";

/** Characters per message: a chat line, not a letter (the case form takes the long story). */
export const CHAT_MAX_CHARS = 500;

// Newlines and tabs are text; other control characters are not (and NUL breaks PostgreSQL).
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** A message as typed: stored as given, rendered escaped by whoever shows it. */
export const ChatText = z.string()
  .max(CHAT_MAX_CHARS, { message: `最多 ${CHAT_MAX_CHARS} 个字 (at most ${CHAT_MAX_CHARS})` })
  .refine((s) => s.trim().length > 0, { message: "请输入内容 (empty message)" })
  .refine((s) => !CONTROL.test(s), { message: "含有不可见的控制字符 (control characters)" });

export type ChatSender = "caller" | "agent" | "system";

export interface ChatMessage {
  id: number;
  call_id: number;
  sender: ChatSender;
  /** The agent's work number (the caller sees it as 「话务员 1001」); null otherwise. */
  work_number: string | null;
  body: string;
  at: string;
}

/** What the caller's page is told when it starts: before any agent has answered. */
export const WELCOME_TEXT = "您可以在此输入文字，话务员接听后即可看到并回复。";

const COLUMNS = "id, call_id, sender, work_number, body, created_at";

type Row = Omit<ChatMessage, "at"> & { created_at: Date };
const toMessage = ({ created_at, ...r }: Row): ChatMessage => ({
  ...r,
  id: Number(r.id),
  call_id: Number(r.call_id),
  at: new Date(created_at).toISOString(),
});

const newToken = () =>
  crypto.getRandomValues(new Uint8Array(24)).toBase64({ alphabet: "base64url" });

export class CallChatStore {
  constructor(readonly db: Database) {}

  /**
   * Opens the chat of a web call as it starts: the caller's secret (only its hash is stored) and
   * the system's first line. Returns the secret for the caller's page, once.
   */
  async open(callId: number): Promise<string> {
    const token = newToken();
    const hash = await sha256Hex(token);
    await this.db.transaction(async (tx) => {
      await tx.query("insert into call_chat_access (call_id, token_sha256) values ($1, $2)", [
        callId,
        hash,
      ]);
      await this.#insert(tx, callId, "system", null, WELCOME_TEXT);
    });
    return token;
  }

  /**
   * Appends one message with its event (and, for staff, an audit record) in one transaction.
   * The call's access row is locked first: messages of one call commit in id order, so a reader
   * that has seen id n never misses a smaller one committed later.
   */
  async post(
    callId: number,
    sender: ChatSender,
    workNumber: string | null,
    body: string,
    who?: AuditActor,
  ): Promise<ChatMessage> {
    return await this.db.transaction(async (tx) => {
      await tx.query("select call_id from call_chat_access where call_id = $1 for update", [
        callId,
      ]);
      const message = await this.#insert(tx, callId, sender, workNumber, body);
      if (who) {
        await audit(tx, who, {
          action: "chat.send",
          objectType: "call",
          objectId: callId,
          after: { message_id: message.id, chars: body.length },
        });
      }
      return message;
    });
  }

  async #insert(
    tx: Queryable,
    callId: number,
    sender: ChatSender,
    workNumber: string | null,
    body: string,
  ): Promise<ChatMessage> {
    const [row] = await tx.query<Row>(
      `insert into call_chat_messages (call_id, sender, work_number, body) values ($1, $2, $3, $4)
       returning ${COLUMNS}`,
      [callId, sender, workNumber, body],
    );
    const message = toMessage(row);
    await appendEvents(tx, [{
      topic: "chat",
      type: "chat.message",
      subject: callId,
      data: { message_id: message.id, sender },
    }]);
    return message;
  }

  /** The call's messages after `afterId`, oldest first. */
  async list(callId: number, afterId = 0, limit = 1000): Promise<ChatMessage[]> {
    const rows = await this.db.query<Row>(
      `select ${COLUMNS} from call_chat_messages where call_id = $1 and id > $2 order by id limit $3`,
      [callId, afterId, limit],
    );
    return rows.map(toMessage);
  }

  /** A read by someone who is not a party (a monitoring supervisor, a case reader): audited. */
  async auditedList(callId: number, who: AuditActor, why: string): Promise<ChatMessage[]> {
    return await this.db.transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `select ${COLUMNS} from call_chat_messages where call_id = $1 order by id`,
        [callId],
      );
      await audit(tx, who, {
        action: "chat.read",
        objectType: "call",
        objectId: callId,
        after: { messages: rows.length, via: why },
      });
      return rows.map(toMessage);
    });
  }
}
