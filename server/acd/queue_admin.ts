import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";

export interface QueueSettings {
  name: string;
  priority: number;
  service_level_seconds: number;
  ring_timeout_seconds: number;
  overflow_after_seconds: number | null;
  overflow_queue: string | null;
  max_wait_seconds: number | null;
  max_wait_action: "voicemail" | "callback";
  wrap_up_seconds: number;
  active: boolean;
}

export interface QueueRecord extends QueueSettings {
  code: string;
  skill_code: string;
}

const COLUMNS =
  `code, name, skill_code, priority, service_level_seconds, ring_timeout_seconds, overflow_after_seconds,
  overflow_queue, max_wait_seconds, max_wait_action, wrap_up_seconds, active`;

/** Queue parameters, edited by admins; the engine picks changes up within a second. Audited. */
export class QueueAdmin {
  constructor(private readonly db: Database) {}

  list(): Promise<QueueRecord[]> {
    return this.db.query<QueueRecord>(`select ${COLUMNS} from queues order by priority desc, code`);
  }

  async get(code: string, tx: Tx = this.db): Promise<QueueRecord> {
    const [row] = await tx.query<QueueRecord>(`select ${COLUMNS} from queues where code = $1`, [
      code,
    ]);
    if (!row) throw new AppError(404, "queue_not_found", `没有这个队列 (no queue ${code})`);
    return row;
  }

  async update(who: AuditActor, code: string, s: QueueSettings): Promise<QueueRecord> {
    if ((s.overflow_after_seconds === null) !== (s.overflow_queue === null)) {
      throw new AppError(
        422,
        "overflow_incomplete",
        "溢出时间与溢出队列须同时填写或同时留空 (overflow needs both a time and a queue)",
      );
    }
    return await this.db.transaction(async (tx) => {
      const before = await this.get(code, tx);
      await tx.query(
        `update queues set name = $2, priority = $3, service_level_seconds = $4, ring_timeout_seconds = $5,
           overflow_after_seconds = $6, overflow_queue = $7, max_wait_seconds = $8, max_wait_action = $9,
           wrap_up_seconds = $10, active = $11 where code = $1`,
        [
          code,
          s.name,
          s.priority,
          s.service_level_seconds,
          s.ring_timeout_seconds,
          s.overflow_after_seconds,
          s.overflow_queue,
          s.max_wait_seconds,
          s.max_wait_action,
          s.wrap_up_seconds,
          s.active,
        ],
      );
      const after = await this.get(code, tx);
      await audit(tx, who, {
        action: "queue.update",
        objectType: "queue",
        objectId: code,
        before,
        after,
      });
      return after;
    });
  }
}
