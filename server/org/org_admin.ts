import type { Database, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";

export interface Department {
  id: number;
  code: string;
  name: string;
  kind: "bureau" | "district" | "utility" | "other";
  district_code: string | null;
  active: boolean;
}

export interface Group {
  code: string;
  name: string;
}

export type DepartmentFields = Omit<Department, "id" | "code">;

/** Departments (承办单位) and agent groups (班组): admin-edited, every change audited. */
export class OrgAdmin {
  constructor(private readonly db: Database) {}

  departments(): Promise<Department[]> {
    return this.db.query<Department>("select * from departments order by id");
  }

  async department(id: number, tx: Tx = this.db): Promise<Department> {
    const [row] = await tx.query<Department>("select * from departments where id = $1", [id]);
    if (!row) throw new AppError(404, "department_not_found", `没有这个部门 (no department ${id})`);
    return row;
  }

  async createDepartment(who: AuditActor, code: string, f: DepartmentFields): Promise<Department> {
    return await this.db.transaction(async (tx) => {
      const [{ id }] = await tx.query<{ id: number }>(
        "insert into departments (code, name, kind, district_code, active) values ($1, $2, $3, $4, $5) returning id",
        [code, f.name, f.kind, f.district_code, f.active],
      );
      const after = await this.department(id, tx);
      await audit(tx, who, {
        action: "department.create",
        objectType: "department",
        objectId: id,
        after,
      });
      return after;
    });
  }

  async updateDepartment(who: AuditActor, id: number, f: DepartmentFields): Promise<Department> {
    return await this.db.transaction(async (tx) => {
      const before = await this.department(id, tx);
      await tx.query(
        "update departments set name = $2, kind = $3, district_code = $4, active = $5 where id = $1",
        [
          id,
          f.name,
          f.kind,
          f.district_code,
          f.active,
        ],
      );
      const after = await this.department(id, tx);
      await audit(tx, who, {
        action: "department.update",
        objectType: "department",
        objectId: id,
        before,
        after,
      });
      return after;
    });
  }

  groups(): Promise<(Group & { members: number })[]> {
    return this.db.query(
      `select g.code, g.name, (select count(*)::int from agents a where a.group_code = g.code) as members
       from agent_groups g order by g.code`,
    );
  }

  /** Creates the group, or renames it when the code exists. */
  async saveGroup(who: AuditActor, g: Group): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [before] = await tx.query<Group>(
        "select code, name from agent_groups where code = $1",
        [g.code],
      );
      await tx.query(
        "insert into agent_groups (code, name) values ($1, $2) on conflict (code) do update set name = excluded.name",
        [g.code, g.name],
      );
      await audit(tx, who, {
        action: before ? "group.update" : "group.create",
        objectType: "group",
        objectId: g.code,
        before,
        after: g,
      });
    });
  }
}
