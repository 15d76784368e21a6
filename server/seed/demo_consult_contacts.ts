import type { Database } from "../../db/port.ts";

/**
 * Who the demo city's agents may consult or conference in (三方通话): the duty phones of a few
 * departments and the leader on duty. Made-up numbers: the demo's trunk (if any) is a test one.
 */
export function seedDemoConsultContacts(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query("lock table consult_contacts in exclusive mode");
    const [{ n }] = await tx.query<{ n: number }>(
      "select count(*)::int as n from consult_contacts",
    );
    if (n > 0) return false;
    await tx.query(
      `insert into consult_contacts (name, kind, number, sort)
       select d.name || '值班室', 'department', '05718888' || lpad(row_number() over (order by d.code)::text, 4, '0'),
         row_number() over (order by d.code)
       from (select code, name from departments order by code limit 6) d`,
    );
    await tx.query(
      "insert into consult_contacts (name, kind, number, sort) values ('值班领导', 'leader', '057188889999', 0)",
    );
    return true;
  });
}
