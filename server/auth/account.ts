import type { Database } from "../../db/port.ts";
import { audit } from "../audit/audit.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { type Actor, auditActor, type RequestOrigin } from "./actor.ts";
import { checkPasswordRules, hashPassword, verifyPassword } from "./password.ts";
import type { SessionStore } from "./sessions.ts";
import { generateTotpSecret, totpUri, verifyTotp } from "./totp.ts";

/** What a signed-in person does to their own account; all audited. */
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionStore,
    private readonly pii: PiiCipher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async #checkPassword(actor: Actor, password: string): Promise<void> {
    const [row] = await this.db.query<{ password_hash: string }>(
      "select password_hash from users where id = $1",
      [
        actor.userId,
      ],
    );
    if (!row || !await verifyPassword(password, row.password_hash)) {
      throw new AppError(422, "wrong_password", "当前密码不正确 (current password is wrong)");
    }
  }

  async signOut(actor: Actor, origin: RequestOrigin): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.sessions.revoke(tx, actor.sessionId);
      await audit(tx, auditActor(actor, origin), {
        action: "session.sign_out",
        objectType: "user",
        objectId: actor.userId,
      });
    });
  }

  /** Ends every session of the user, this one included; returns how many. */
  async signOutEverywhere(actor: Actor, origin: RequestOrigin): Promise<number> {
    return await this.db.transaction(async (tx) => {
      const ended = await this.sessions.revokeAll(tx, actor.userId);
      await audit(tx, auditActor(actor, origin), {
        action: "session.sign_out_everywhere",
        objectType: "user",
        objectId: actor.userId,
        after: { sessions_ended: ended },
      });
      return ended;
    });
  }

  /** Changes the password and ends every other session of the user. */
  async changePassword(
    actor: Actor,
    origin: RequestOrigin,
    current: string,
    next: string,
  ): Promise<void> {
    await this.#checkPassword(actor, current);
    const problems = checkPasswordRules(next, { workNumber: actor.workNumber, name: actor.name });
    if (current === next) {
      problems.push("新密码不能与当前密码相同 (must differ from the current password)");
    }
    if (problems.length > 0) {
      throw new AppError(
        422,
        "weak_password",
        problems.join("；"),
        problems.map((m) => ({ path: "new_password", message: m })),
      );
    }
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await tx.query(
        "update users set password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now() where id = $1",
        [actor.userId, hash],
      );
      const ended = await this.sessions.revokeAll(tx, actor.userId, actor.sessionId);
      await audit(tx, auditActor(actor, origin), {
        action: "user.change_password",
        objectType: "user",
        objectId: actor.userId,
        after: { other_sessions_ended: ended },
      });
    });
  }

  /** Stores a new, not yet active secret and returns what the authenticator app needs. */
  async beginTotp(actor: Actor, origin: RequestOrigin): Promise<{ secret: string; uri: string }> {
    if (actor.totpEnabled) {
      throw new AppError(409, "totp_enabled", "已启用动态验证码 (already enabled)");
    }
    const secret = generateTotpSecret();
    await this.db.transaction(async (tx) => {
      await tx.query("update users set totp_secret_enc = $2, totp_last_step = null where id = $1", [
        actor.userId,
        await this.pii.encrypt(secret),
      ]);
      await audit(tx, auditActor(actor, origin), {
        action: "user.totp_begin",
        objectType: "user",
        objectId: actor.userId,
      });
    });
    return { secret, uri: totpUri(secret, actor.workNumber) };
  }

  /** Turns the second factor on once the person proves their app shows the right code. */
  async enableTotp(actor: Actor, origin: RequestOrigin, code: string): Promise<void> {
    const [row] = await this.db.query<{ totp_secret_enc: string | null }>(
      "select totp_secret_enc from users where id = $1",
      [actor.userId],
    );
    if (!row?.totp_secret_enc) {
      throw new AppError(409, "totp_not_started", "请先生成密钥 (start the set-up first)");
    }
    const check = await verifyTotp(
      await this.pii.decrypt(row.totp_secret_enc),
      code,
      this.clock().getTime(),
    );
    if (!check.ok) throw new AppError(422, "wrong_code", "动态验证码不正确 (wrong code)");
    await this.db.transaction(async (tx) => {
      await tx.query("update users set totp_enabled = true, totp_last_step = $2 where id = $1", [
        actor.userId,
        check.step,
      ]);
      await audit(tx, auditActor(actor, origin), {
        action: "user.totp_enable",
        objectType: "user",
        objectId: actor.userId,
      });
    });
  }

  async disableTotp(actor: Actor, origin: RequestOrigin, password: string): Promise<void> {
    await this.#checkPassword(actor, password);
    await this.db.transaction(async (tx) => {
      await tx.query(
        "update users set totp_enabled = false, totp_secret_enc = null, totp_last_step = null where id = $1",
        [actor.userId],
      );
      await audit(tx, auditActor(actor, origin), {
        action: "user.totp_disable",
        objectType: "user",
        objectId: actor.userId,
      });
    });
  }
}
