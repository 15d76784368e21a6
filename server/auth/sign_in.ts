import type { Database } from "../../db/port.ts";
import { audit } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { auditActor, type RequestOrigin } from "./actor.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import type { Role } from "./permissions.ts";
import type { SessionStore } from "./sessions.ts";
import { verifyTotp } from "./totp.ts";

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

export interface SignInInput {
  workNumber: string;
  password: string;
  totp?: string;
}

export interface SignedIn {
  token: string;
  csrf: string;
  expiresAt: Date;
  user: {
    id: number;
    workNumber: string;
    name: string;
    roles: Role[];
    mustChangePassword: boolean;
  };
}

interface UserRow {
  id: number;
  work_number: string;
  name: string;
  roles: Role[];
  password_hash: string;
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  totp_enabled: boolean;
  totp_secret_enc: string | null;
  totp_last_step: number | null;
  active: boolean;
}

const INVALID = "工号或密码错误 (wrong work number or password)";
let dummyHash: Promise<string> | undefined;

/**
 * Password (+ TOTP when enrolled) sign-in with lockout. A failure's bookkeeping (attempt count,
 * lock, audit record) commits before the error is raised, so failures are never rolled back.
 */
export class SignInService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionStore,
    private readonly pii: PiiCipher,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async signIn(input: SignInInput, origin: RequestOrigin): Promise<SignedIn> {
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock();
      const [user] = await tx.query<UserRow>(
        "select * from users where work_number = $1 for update",
        [input.workNumber],
      );
      const who = auditActor(null, origin, input.workNumber);
      const fail = async (code: string, message: string, reason: string) => {
        await audit(tx, who, {
          action: "session.sign_in_failed",
          objectType: "user",
          objectId: user?.id,
          after: { reason },
        });
        return { error: new AppError(401, code, message) };
      };
      if (!user || !user.active) {
        // Spend the same time as a real check so response times do not reveal who exists.
        await verifyPassword(
          input.password,
          await (dummyHash ??= hashPassword("not-a-real-password-1234")),
        );
        return fail("invalid_credentials", INVALID, user ? "inactive" : "unknown user");
      }
      if (user.locked_until && new Date(user.locked_until) > now) {
        return fail(
          "locked",
          `账户已锁定，请稍后再试 (account locked until ${
            new Date(user.locked_until).toISOString()
          })`,
          "locked",
        );
      }
      let ok = await verifyPassword(input.password, user.password_hash);
      let totpStep: number | undefined;
      if (ok && user.totp_enabled) {
        if (!input.totp) {
          return {
            error: new AppError(
              401,
              "totp_required",
              "请输入动态验证码 (enter your authenticator code)",
            ),
          };
        }
        const check = await verifyTotp(
          await this.pii.decrypt(user.totp_secret_enc!),
          input.totp,
          now.getTime(),
          {
            lastUsedStep: user.totp_last_step ?? undefined,
          },
        );
        ok = check.ok;
        totpStep = check.step;
      }
      if (!ok) {
        const failures = user.failed_attempts + 1;
        if (failures >= this.lockout.maxFailures) {
          const until = new Date(now.getTime() + this.lockout.lockMs);
          await tx.query("update users set failed_attempts = 0, locked_until = $2 where id = $1", [
            user.id,
            until,
          ]);
          await audit(tx, who, {
            action: "user.locked",
            objectType: "user",
            objectId: user.id,
            after: { locked_until: until.toISOString(), failures },
          });
        } else {
          await tx.query("update users set failed_attempts = $2 where id = $1", [
            user.id,
            failures,
          ]);
        }
        return fail("invalid_credentials", INVALID, "wrong password or code");
      }
      await tx.query(
        "update users set failed_attempts = 0, locked_until = null, totp_last_step = coalesce($2, totp_last_step) where id = $1",
        [user.id, totpStep ?? null],
      );
      const session = await this.sessions.create(tx, user.id, origin);
      await audit(tx, { ...who, role: user.roles.join(",") }, {
        action: "session.sign_in",
        objectType: "user",
        objectId: user.id,
      });
      return {
        signedIn: {
          ...session,
          user: {
            id: user.id,
            workNumber: user.work_number,
            name: user.name,
            roles: user.roles,
            mustChangePassword: user.must_change_password,
          },
        },
      };
    });
    if ("error" in outcome) throw outcome.error;
    return outcome.signedIn!;
  }
}
