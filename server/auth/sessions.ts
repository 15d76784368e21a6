import type { Database, Queryable } from "../../db/port.ts";
import type { Actor } from "./actor.ts";
import type { Role } from "./permissions.ts";
import { sha256Hex } from "../sha256.ts";

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after sign-in, whatever happens (a shift, not a week). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
};
/** last_seen_at is written at most this often per session: reads stay reads. */
const TOUCH_EVERY_MS = 30_000;

function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

/** The stored id of a session: the hash of its cookie token. */
export const sessionIdOf = (token: string): Promise<string> => sha256Hex(token);

interface SessionRow {
  id: string;
  csrf_token: string;
  last_seen_at: Date;
  user_id: number;
  work_number: string;
  name: string;
  roles: Role[];
  department_id: number | null;
  must_change_password: boolean;
  totp_enabled: boolean;
}

/** Server-side sessions: the cookie holds a random token, the table only its hash. */
export class SessionStore {
  constructor(
    private readonly db: Database,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(
    tx: Queryable,
    userId: number,
    origin: { ip: string | null; userAgent: string | null },
  ): Promise<{ token: string; csrf: string; expiresAt: Date }> {
    const token = randomToken();
    const csrf = randomToken(24);
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.policy.absoluteMs);
    await tx.query(
      `insert into sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       values ($1, $2, $3, $4, $4, $5, $6, $7)`,
      [
        await sessionIdOf(token),
        userId,
        csrf,
        now,
        expiresAt,
        origin.ip,
        origin.userAgent?.slice(0, 512) ?? null,
      ],
    );
    return { token, csrf, expiresAt };
  }

  /** The actor of a valid session, or null when unknown, revoked, expired, idle or disabled. */
  async lookup(token: string): Promise<Actor | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const now = this.clock();
    const [row] = await this.db.query<SessionRow>(
      `select s.id, s.csrf_token, s.last_seen_at, u.id as user_id, u.work_number, u.name, u.roles,
              u.department_id, u.must_change_password, u.totp_enabled
       from sessions s join users u on u.id = s.user_id
       where s.id = $1 and s.revoked_at is null and s.expires_at > $2 and s.last_seen_at > $3
         and u.active`,
      [await sessionIdOf(token), now, new Date(now.getTime() - this.policy.idleMs)],
    );
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.db.query("update sessions set last_seen_at = $2 where id = $1", [row.id, now]);
    }
    return {
      userId: row.user_id,
      workNumber: row.work_number,
      name: row.name,
      roles: row.roles,
      departmentId: row.department_id,
      mustChangePassword: row.must_change_password,
      totpEnabled: row.totp_enabled,
      sessionId: row.id,
      csrf: row.csrf_token,
    };
  }

  async revoke(tx: Queryable, sessionId: string): Promise<void> {
    await tx.query("update sessions set revoked_at = $2 where id = $1 and revoked_at is null", [
      sessionId,
      this.clock(),
    ]);
  }

  /** Signs a user out everywhere (optionally keeping one session); returns how many ended. */
  async revokeAll(tx: Queryable, userId: number, except?: string): Promise<number> {
    const rows = await tx.query(
      `update sessions set revoked_at = $3
       where user_id = $1 and revoked_at is null and ($2::text is null or id <> $2) returning id`,
      [userId, except ?? null, this.clock()],
    );
    return rows.length;
  }
}
