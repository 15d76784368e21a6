import type { Queryable } from "../../db/port.ts";

export interface AuditFilter {
  actor?: string;
  action?: string;
  object_type?: string;
  object_id?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  seq: number;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  hash: string;
}

function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    parts.push(clause.replace("?", `$${params.length}`));
  };
  if (f.actor) add("actor = ?", f.actor);
  if (f.action) add("action like ?", f.action.replaceAll("%", "\\%") + "%");
  if (f.object_type) add("object_type = ?", f.object_type);
  if (f.object_id) add("object_id = ?", f.object_id);
  if (f.from) add("at >= ?", f.from);
  if (f.to) add("at < ?", f.to);
  return { sql: parts.length ? `where ${parts.join(" and ")}` : "", params };
}

/** Newest first; `action` matches as a prefix ("user." finds every user action). */
export async function searchAudit(
  db: Queryable,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: AuditRow[] }> {
  const w = where(filter);
  const [{ total }] = await db.query<{ total: number }>(
    `select count(*)::int as total from audit_log ${w.sql}`,
    w.params,
  );
  const rows = await db.query<AuditRow>(
    `select seq, at, actor, role, action, object_type, object_id, before, after, ip, user_agent, hash
     from audit_log ${w.sql} order by seq desc limit $${w.params.length + 1} offset $${
      w.params.length + 2
    }`,
    [...w.params, page.limit, page.offset],
  );
  return { total, rows };
}

const CSV_COLUMNS = [
  "seq",
  "at",
  "actor",
  "role",
  "action",
  "object_type",
  "object_id",
  "before",
  "after",
  "ip",
  "user_agent",
  "hash",
] as const;
const CSV_HEADER = [
  "序号",
  "时间(UTC)",
  "操作人",
  "角色",
  "操作",
  "对象类型",
  "对象",
  "变更前",
  "变更后",
  "IP",
  "客户端",
  "哈希",
];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date
    ? value.toISOString()
    : typeof value === "object"
    ? JSON.stringify(value)
    : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a BOM so spreadsheet programs read the Chinese headers as UTF-8. */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [
    CSV_HEADER.join(","),
    ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(",")),
  ];
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
