import assert from "node:assert/strict";
import { auditCsv, type AuditRow } from "./audit_search.ts";

const row: AuditRow = {
  seq: 7,
  at: new Date("2026-11-28T08:00:00Z"),
  actor: "6001",
  role: "auditor",
  action: "audit.export",
  object_type: null,
  object_id: null,
  before: null,
  after: { note: '含"引号", 逗号' },
  ip: "127.0.0.1",
  user_agent: '=HYPERLINK("x")',
  hash: "ab",
};

Deno.test("auditCsv() writes a BOM, Chinese headers and quoted cells", () => {
  const csv = auditCsv([row]);
  assert.ok(csv.startsWith("\uFEFF序号,时间(UTC),操作人"));
  const line = csv.split("\r\n")[1];
  assert.match(line, /^7,2026-11-28T08:00:00.000Z,6001,auditor,audit.export,,,,/);
  assert.match(line, /"\{""note"":""含\\""引号\\"", 逗号""\}"/);
});

Deno.test("auditCsv() neutralises cells a spreadsheet would run as formulas", () => {
  assert.match(auditCsv([row]), /,"'=HYPERLINK\(""x""\)",ab\r\n$/);
});
