import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import { generateOneTimePassword, hashPassword } from "./password.ts";
import type { Role } from "./permissions.ts";
import type { SessionStore } from "./sessions.ts";

export interface UserRecord {
  id: number;
  work_number: string;
  name: string;
  group_code: string | null;
  department_id: number | null;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
  locked_until: Date | null;
  totp_enabled: boolean;
  created_at: Date;
}

export interface UserFields {
  name: string;
  group_code: string | null;
  department_id: number | null;
  roles: Role[];
  active: boolean;
}

const COLUMNS =
  "id, work_number, name, group_code, department_id, roles, active, must_change_password, locked_until, totp_enabled, created_at";

/** What an audit record keeps of a user: never the password hash or the TOTP secret. */
function auditView(u: UserRecord) {
  return {
    work_number: u.work_number,
    name: u.name,
    group_code: u.group_code,
    department_id: u.department_id,
    roles: u.roles,
    active: u.active,
  };
}

/** Admin operations on accounts; every change is audited with before and after. */
export class UserAdmin {
  constructor(private readonly db: Database, private readonly sessions: SessionStore) {}

  list(): Promise<UserRecord[]> {
    return this.db.query<UserRecord>(`select ${COLUMNS} from users order by work_number`);
  }

  async get(id: number, tx: Tx = this.db): Promise<UserRecord> {
    const [user] = await tx.query<UserRecord>(`select ${COLUMNS} from users where id = $1`, [id]);
    if (!user) throw new AppError(404, "user_not_found", `没有这个用户 (no user ${id})`);
    return user;
  }

  /** Creates an account with a one-time password, returned once for the admin to hand over. */
  async create(
    who: AuditActor,
    workNumber: string,
    fields: UserFields,
  ): Promise<{ user: UserRecord; oneTimePassword: string }> {
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    return await this.db.transaction(async (tx) => {
      const [exists] = await tx.query("select 1 from users where work_number = $1", [workNumber]);
      if (exists) {
        throw new AppError(
          409,
          "work_number_taken",
          `工号 ${workNumber} 已存在 (work number taken)`,
        );
      }
      const [{ id }] = await tx.query<{ id: number }>(
        `insert into users (work_number, name, group_code, department_id, roles, active, password_hash, must_change_password)
         values ($1, $2, $3, $4, $5, $6, $7, true) returning id`,
        [
          workNumber,
          fields.name,
          fields.group_code,
          fields.department_id,
          fields.roles,
          fields.active,
          hash,
        ],
      );
      const user = await this.get(id, tx);
      await audit(tx, who, {
        action: "user.create",
        objectType: "user",
        objectId: id,
        after: auditView(user),
      });
      return { user, oneTimePassword };
    });
  }

  async update(who: AuditActor, id: number, fields: UserFields): Promise<UserRecord> {
    return await this.db.transaction(async (tx) => {
      const before = await this.get(id, tx);
      if (before.roles.includes("admin") && (!fields.roles.includes("admin") || !fields.active)) {
        const [{ n }] = await tx.query<{ n: number }>(
          "select count(*)::int as n from users where active and 'admin' = any(roles) and id <> $1",
          [id],
        );
        if (n === 0) {
          throw new AppError(
            409,
            "last_admin",
            "不能移除最后一名系统管理员 (the last admin must stay)",
          );
        }
      }
      await tx.query(
        `update users set name = $2, group_code = $3, department_id = $4, roles = $5, active = $6, updated_at = now()
         where id = $1`,
        [id, fields.name, fields.group_code, fields.department_id, fields.roles, fields.active],
      );
      // Fewer rights or a disabled account take effect now, not at the next sign-in.
      if (!fields.active || before.roles.some((r) => !fields.roles.includes(r))) {
        await this.sessions.revokeAll(tx, id);
      }
      const after = await this.get(id, tx);
      await audit(tx, who, {
        action: "user.update",
        objectType: "user",
        objectId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  async resetPassword(who: AuditActor, id: number): Promise<string> {
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    await this.db.transaction(async (tx) => {
      await this.get(id, tx);
      await tx.query(
        `update users set password_hash = $2, must_change_password = true, password_changed_at = now(),
           failed_attempts = 0, locked_until = null, updated_at = now() where id = $1`,
        [id, hash],
      );
      await this.sessions.revokeAll(tx, id);
      await audit(tx, who, { action: "user.reset_password", objectType: "user", objectId: id });
    });
    return oneTimePassword;
  }

  async unlock(who: AuditActor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(id, tx);
      await tx.query("update users set failed_attempts = 0, locked_until = null where id = $1", [
        id,
      ]);
      await audit(tx, who, {
        action: "user.unlock",
        objectType: "user",
        objectId: id,
        before: { locked_until: before.locked_until },
      });
    });
  }
}
