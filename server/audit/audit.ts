import type { Queryable } from "../../db/port.ts";

/** Who acts, as the audit log records it: a person (work number and role) or the system. */
export interface AuditActor {
  actor: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { actor: "system", role: null, ip: null, userAgent: null };

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string | number;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one audit record inside the caller's transaction, so the record exists exactly when
 * the change does. The database chains and timestamps it (db/migrations/0002_auth_audit.sql).
 */
export async function audit(tx: Queryable, who: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (actor, role, action, object_type, object_id, before, after, ip, user_agent)
     values ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8, $9)`,
    [
      who.actor,
      who.role,
      entry.action,
      entry.objectType ?? null,
      entry.objectId == null ? null : String(entry.objectId),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      who.ip,
      who.userAgent?.slice(0, 512) ?? null,
    ],
  );
}
