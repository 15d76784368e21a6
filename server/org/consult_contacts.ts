/**
 * 三方通话号码: who an agent may consult or conference in over the trunk (telephony/consult.ts).
 * Shift supervisors keep the list (the leader on duty changes daily); every change is audited.
 * A contact that consultations refer to is never deleted, only deactivated: the seat offers
 * active contacts only, and `call_consults` keeps its own copy of the name and number dialled.
 */
import type { Database, Queryable, Tx } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import { AppError } from "../errors.ts";

export const CONTACT_KINDS = ["department", "leader", "other"] as const;
export type ContactKind = typeof CONTACT_KINDS[number];

export const KIND_NAMES: Record<ContactKind, string> = {
  department: "部门",
  leader: "值班领导",
  other: "其他",
};

export interface ContactFields {
  name: string;
  kind: ContactKind;
  number: string;
  sort: number;
}

export interface ConsultContactRecord extends ContactFields {
  id: number;
  active: boolean;
  /** Consultations that dialled it: such a contact can be deactivated, never deleted. */
  used: number;
}

/** What the seat is offered: active contacts, by sort then name. */
export interface OfferedContact {
  id: number;
  name: string;
  kind: ContactKind;
  number: string;
}

const COLUMNS = `c.id, c.name, c.kind, c.number, c.active, c.sort,
  (select count(*)::int from call_consults u where u.contact_id = c.id) as used`;

/** The seat's list (`GET /api/seat/consult-contacts`, and the consultation's own lookup). */
export function offeredContacts(db: Queryable): Promise<OfferedContact[]> {
  return db.query<OfferedContact>(
    "select id, name, kind, number from consult_contacts where active order by sort, name",
  );
}

export class ConsultContactAdmin {
  constructor(private readonly db: Database) {}

  /** All contacts, inactive ones too, in the order the seat shows them. */
  list(): Promise<ConsultContactRecord[]> {
    return this.db.query<ConsultContactRecord>(
      `select ${COLUMNS} from consult_contacts c order by c.active desc, c.sort, c.name`,
    );
  }

  offered(): Promise<OfferedContact[]> {
    return offeredContacts(this.db);
  }

  async get(id: number, tx: Queryable = this.db): Promise<ConsultContactRecord> {
    const [row] = await tx.query<ConsultContactRecord>(
      `select ${COLUMNS} from consult_contacts c where c.id = $1`,
      [id],
    );
    if (!row) throw new AppError(404, "contact_not_found", `没有这个号码 (no contact ${id})`);
    return row;
  }

  create(who: AuditActor, f: ContactFields): Promise<ConsultContactRecord> {
    return this.#uniqueName(f.name, async (tx) => {
      const [{ id }] = await tx.query<{ id: number }>(
        "insert into consult_contacts (name, kind, number, sort) values ($1, $2, $3, $4) returning id",
        [f.name, f.kind, f.number, f.sort],
      );
      const after = await this.get(id, tx);
      await audit(tx, who, {
        action: "consult_contact.create",
        objectType: "consult_contact",
        objectId: id,
        after: snapshot(after),
      });
      return after;
    });
  }

  update(who: AuditActor, id: number, f: ContactFields): Promise<ConsultContactRecord> {
    return this.#uniqueName(f.name, async (tx) => {
      const before = await this.#lock(tx, id);
      await tx.query(
        "update consult_contacts set name = $2, kind = $3, number = $4, sort = $5 where id = $1",
        [id, f.name, f.kind, f.number, f.sort],
      );
      const after = await this.get(id, tx);
      await audit(tx, who, {
        action: "consult_contact.update",
        objectType: "consult_contact",
        objectId: id,
        before: snapshot(before),
        after: snapshot(after),
      });
      return after;
    });
  }

  /** Deactivate (no longer offered on the seat) or reactivate. */
  setActive(who: AuditActor, id: number, active: boolean): Promise<ConsultContactRecord> {
    return this.db.transaction(async (tx) => {
      const before = await this.#lock(tx, id);
      await tx.query("update consult_contacts set active = $2 where id = $1", [id, active]);
      const after = await this.get(id, tx);
      await audit(tx, who, {
        action: active ? "consult_contact.activate" : "consult_contact.deactivate",
        objectType: "consult_contact",
        objectId: id,
        before: { active: before.active },
        after: { active: after.active },
      });
      return after;
    });
  }

  /**
   * Deletes a contact no consultation ever dialled (a typo, a test entry). One that was used
   * stays, for the consultations' sake: 409, deactivate it instead. The row lock conflicts with
   * the key-share lock a new `call_consults` row takes, so no reference slips in between.
   */
  remove(who: AuditActor, id: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      const before = await this.#lock(tx, id);
      if (before.used > 0) {
        throw new AppError(
          409,
          "contact_in_use",
          `「${before.name}」已有 ${before.used} 次通话记录，不能删除，请停用 (used by consultations: deactivate it)`,
        );
      }
      await tx.query("delete from consult_contacts where id = $1", [id]);
      await audit(tx, who, {
        action: "consult_contact.delete",
        objectType: "consult_contact",
        objectId: id,
        before: snapshot(before),
      });
    });
  }

  async #lock(tx: Tx, id: number): Promise<ConsultContactRecord> {
    await tx.query("select 1 from consult_contacts where id = $1 for update", [id]);
    return await this.get(id, tx);
  }

  /** The name is unique: a clash is the user's to fix (409), not a server error. */
  async #uniqueName<T>(name: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if ((error as { code?: string }).code === "23505") {
        throw new AppError(
          409,
          "contact_name_taken",
          `名称「${name}」已存在，请换一个名称 (a contact with this name exists)`,
        );
      }
      throw error;
    }
  }
}

/** What the audit keeps of a contact (without the derived use count). */
function snapshot(r: ConsultContactRecord) {
  return { name: r.name, kind: r.kind, number: r.number, sort: r.sort, active: r.active };
}
