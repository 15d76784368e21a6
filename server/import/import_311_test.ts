import assert from "node:assert/strict";
import { parse311, parseUsDateTime, type311 } from "./import_311.ts";

const HEADER =
  "ServiceRequestNum,SRType,MethodReceived,CreatedDate,SRStatus,DueDate,CloseDate,Agency,Address,Neighborhood,CouncilDistrict,Outcome";
const GOOD = [
  "18-00269879",
  "TRT-Traffic Signal Repairs",
  "Phone",
  "04/12/2018 11:11:26 AM",
  "Closed",
  "04/13/2018 11:11:26 AM",
  "04/12/2018 12:45:47 PM",
  "Transportation",
  '"3400 GARRISON BLVD, BALTIMORE, MD, 21215"',
  "Dorchester",
  "6",
  "",
];

/** A file of the header and one row per override of GOOD's columns. */
function file(...rows: Record<number, string>[]): string {
  return [HEADER, ...rows.map((o) => GOOD.map((v, i) => i in o ? o[i] : v).join(","))].join(
    "\r\n",
  );
}

Deno.test("parse311() maps a closed request: Baltimore time to UTC, channel, type, place", () => {
  const { rows, records, bad } = parse311(file({}));
  assert.equal(rows, 1);
  assert.deepEqual(bad, []);
  assert.deepEqual(records[0], {
    row: 2,
    sourceRef: "18-00269879",
    srType: "TRT-Traffic Signal Repairs",
    agency: "Transportation",
    type: "help",
    channel: "phone",
    status: "closed",
    srStatus: "Closed",
    createdAt: new Date("2018-04-12T15:11:26Z"),
    dueAt: new Date("2018-04-13T15:11:26Z"),
    closedAt: new Date("2018-04-12T16:45:47Z"),
    address: "3400 GARRISON BLVD, BALTIMORE, MD, 21215",
    neighborhood: "Dorchester",
    councilDistrict: 6,
    content: "TRT-Traffic Signal Repairs",
  });
});

Deno.test("parse311() keeps an open request dispatched and the empty columns empty", () => {
  const { records } = parse311(
    file({ 2: "API", 3: "01/09/2015 11:05:56 PM", 4: "Open", 5: "", 6: "", 8: "", 9: "", 10: "" }),
  );
  const r = records[0];
  assert.equal(r.status, "dispatched");
  assert.equal(r.channel, "app");
  assert.equal(r.createdAt.toISOString(), "2015-01-10T04:05:56.000Z"); // EST, UTC-5
  assert.equal(r.dueAt, null);
  assert.equal(r.closedAt, null);
  assert.equal(r.address, null);
  assert.equal(r.neighborhood, null);
  assert.equal(r.councilDistrict, null);
});

Deno.test("parse311() keeps the source's qualified status and description columns in the content", () => {
  const { records } = parse311(file({ 4: "Closed (Duplicate)", 11: "Referred to BGE" }));
  assert.equal(records[0].status, "closed");
  assert.equal(
    records[0].content,
    "TRT-Traffic Signal Repairs\nOutcome: Referred to BGE\nSRStatus: Closed (Duplicate)",
  );
});

Deno.test("parse311() reports bad rows with row number and reason, and imports the good ones", () => {
  const { rows, records, bad } = parse311(
    file(
      {},
      { 0: "18-1", 3: "" },
      { 0: "18-2", 3: "2018-04-12 11:11:26" },
      { 0: "18-3", 3: "02/30/2018 10:00:00 AM" },
      { 0: "18-4", 2: "Carrier pigeon" },
      { 0: "18-5", 6: "" },
      { 0: "18-6", 6: "04/11/2018 09:00:00 AM" },
      { 0: "18-7", 10: "Northwest" },
      { 0: "18-8", 4: "Lost" },
      { 0: "", 1: "x" },
      { 0: "18-00269879" },
      { 0: "18-9", 4: "Pending", 6: "" },
    ).replace("Northwest,", "Northwest,extra,"),
  );
  assert.equal(rows, 12);
  assert.deepEqual(records.map((r) => [r.row, r.sourceRef]), [[2, "18-00269879"], [13, "18-9"]]);
  assert.deepEqual(bad, [
    { row: 3, reason: "CreatedDate: missing" },
    {
      row: 4,
      reason: 'CreatedDate: "2018-04-12 11:11:26" is not a date like 04/12/2018 11:11:26 AM',
    },
    {
      row: 5,
      reason: 'CreatedDate: "02/30/2018 10:00:00 AM" is not a date like 04/12/2018 11:11:26 AM',
    },
    { row: 6, reason: 'MethodReceived: unknown method "Carrier pigeon"' },
    { row: 7, reason: "CloseDate: missing on a closed request" },
    { row: 8, reason: "CloseDate: before CreatedDate" },
    { row: 9, reason: "has 13 fields, expected 12" },
    { row: 10, reason: "SRStatus: unknown status" },
    { row: 11, reason: "ServiceRequestNum: missing or not an SR number" },
    { row: 12, reason: 'ServiceRequestNum: "18-00269879" repeats row 2' },
  ]);
});

Deno.test("parse311() refuses a file that is not a 311 export", () => {
  assert.throws(() => parse311("a,b\n1,2\n"), /not a 311 file: the header lacks ServiceRequestNum/);
  assert.throws(() => parse311(""), /not a 311 file/);
});

Deno.test("parseUsDateTime() reads 12-hour clocks and refuses other formats", () => {
  assert.equal(
    parseUsDateTime("07/04/2018 12:00:00 AM")?.toISOString(),
    "2018-07-04T04:00:00.000Z",
  );
  assert.equal(
    parseUsDateTime("07/04/2018 12:30:00 PM")?.toISOString(),
    "2018-07-04T16:30:00.000Z",
  );
  assert.equal(parseUsDateTime("07/04/2018 13:00:00 PM"), null);
  assert.equal(parseUsDateTime("2018-07-04T12:00:00Z"), null);
  assert.equal(parseUsDateTime("13/01/2018 10:00:00 AM"), null);
});

Deno.test("type311() tells praise, complaints, consultations and reports from help requests", () => {
  assert.equal(type311("ECC-Citizen Compliment or Praise"), "praise");
  assert.equal(type311("ECC-Citizen Complaint or Concern"), "complaint");
  assert.equal(type311("TRS-Parking Complaint"), "complaint");
  assert.equal(type311("ECC-Information Request"), "consultation");
  assert.equal(type311("ECC-Vehicle Look Up"), "consultation");
  assert.equal(type311("HCD-Illegal Dumping"), "report");
  assert.equal(type311("HCD-Zoning Investigation"), "report");
  assert.equal(type311("SW-Bulk Scheduled"), "help");
  assert.equal(type311("TRM-Pothole Repair"), "help");
});
