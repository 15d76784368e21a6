import type { Database } from "../../db/port.ts";
import { audit, SYSTEM_ACTOR } from "../audit/audit.ts";
import { hashPassword } from "../auth/password.ts";
import type { Role } from "../auth/permissions.ts";

/** For the demo only (README lists them); never created when DEMO_DATA=off. */
export const DEMO_PASSWORD = "Demo-12345-Hotline";

export const DEMO_USERS: {
  workNumber: string;
  name: string;
  roles: Role[];
  group?: string;
  department?: string;
}[] = [
  { workNumber: "1001", name: "", roles: ["agent"] }, // the demo city's agent 1001, name from agents
  { workNumber: "9001", name: "王班长", roles: ["supervisor"], group: "team1" },
  { workNumber: "7001", name: "住建局承办员", roles: ["handler"], department: "zjj" },
  { workNumber: "7002", name: "交通局承办员", roles: ["handler"], department: "jtj" },
  { workNumber: "8001", name: "李主任", roles: ["leader"] },
  { workNumber: "6001", name: "审计员赵敏", roles: ["auditor"] },
  { workNumber: "5001", name: "运维管理员", roles: ["admin"] },
];

/** Creates one demo user per role next to the demo city, once. */
export async function seedDemoUsers(db: Database): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: number }>(
      "select count(*)::int as n from users where work_number = '9001'",
    );
    if (n > 0) return false;
    for (const u of DEMO_USERS) {
      const [agent] = await tx.query<{ name: string; group_code: string }>(
        "select name, group_code from agents where work_number = $1",
        [u.workNumber],
      );
      const [user] = await tx.query<{ id: number }>(
        `insert into users (work_number, name, roles, group_code, department_id, password_hash)
         values ($1, $2, $3, $4, (select id from departments where code = $5), $6) returning id`,
        [
          u.workNumber,
          agent?.name ?? u.name,
          u.roles,
          agent?.group_code ?? u.group ?? null,
          u.department ?? null,
          hash,
        ],
      );
      await audit(tx, SYSTEM_ACTOR, {
        action: "user.create_demo",
        objectType: "user",
        objectId: user.id,
        after: { work_number: u.workNumber, roles: u.roles },
      });
    }
    return true;
  });
}
