import type { Database } from "../../db/port.ts";
import { audit, SYSTEM_ACTOR } from "../audit/audit.ts";
import { checkPasswordRules, generateOneTimePassword, hashPassword } from "./password.ts";

export class BootstrapError extends Error {
  override name = "BootstrapError";
}

/**
 * The first start creates the admin (work number `admin`) when there is no user at all: with
 * ADMIN_PASSWORD when given, else a one-time password that is returned once (to be printed) and
 * must be changed at first sign-in. Returns null when users exist already.
 */
export async function ensureFirstAdmin(
  db: Database,
  adminPassword?: string,
): Promise<{ oneTimePassword?: string } | null> {
  if (adminPassword) {
    const problems = checkPasswordRules(adminPassword, { workNumber: "admin", name: "系统管理员" });
    if (problems.length > 0) throw new BootstrapError(`ADMIN_PASSWORD: ${problems.join("; ")}`);
  }
  const password = adminPassword ?? generateOneTimePassword();
  const hash = await hashPassword(password);
  return await db.transaction(async (tx) => {
    await tx.query("lock table users in exclusive mode");
    const [{ n }] = await tx.query<{ n: number }>("select count(*)::int as n from users");
    if (n > 0) return null;
    const [user] = await tx.query<{ id: number }>(
      `insert into users (work_number, name, roles, password_hash, must_change_password)
       values ('admin', '系统管理员', array['admin'], $1, $2) returning id`,
      [hash, !adminPassword],
    );
    await audit(tx, SYSTEM_ACTOR, {
      action: "user.create_first_admin",
      objectType: "user",
      objectId: user.id,
      after: {
        work_number: "admin",
        roles: ["admin"],
        password_from: adminPassword ? "ADMIN_PASSWORD" : "one-time",
      },
    });
    return adminPassword ? {} : { oneTimePassword: password };
  });
}
