import assert from "node:assert/strict";
import { messageType, parseMessages, parseMessageTime, type SheetRow } from "./import_messages.ts";

const HEADER = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"];

function sheet(...rows: unknown[][]): SheetRow[] {
  return [HEADER, ...rows].map((cells, i) => ({ row: i + 1, cells }));
}

Deno.test("parseMessages() reads text and Excel-serial times as China time and trims the details", () => {
  const { rows, records, bad } = parseMessages(sheet(
    [
      188006,
      "A000102948",
      "A3区影楼是否合法纳税了？",
      "2019/2/28 11:25:05",
      "\n\t\t\t座落在A3区。\n\t\t\t\t",
      0,
      2,
    ],
    [188801, "A909180", "建议调整信号灯配时", 43678, "\r\n\u3000详情\r\n", 1, 0],
    [188802, "A909181", "只有主题", 43782.4724652778, "   ", null, null],
  ));
  assert.equal(rows, 3);
  assert.deepEqual(bad, []);
  assert.deepEqual(records, [
    {
      row: 2,
      sourceRef: "188006",
      user: "A000102948",
      type: "complaint",
      createdAt: new Date("2019-02-28T03:25:05Z"),
      content: "A3区影楼是否合法纳税了？\n座落在A3区。",
      likes: 2,
      dislikes: 0,
    },
    {
      row: 3,
      sourceRef: "188801",
      user: "A909180",
      type: "suggestion",
      createdAt: new Date("2019-07-31T16:00:00Z"),
      content: "建议调整信号灯配时\n详情",
      likes: 0,
      dislikes: 1,
    },
    {
      row: 4,
      sourceRef: "188802",
      user: "A909181",
      type: "complaint",
      createdAt: new Date("2019-11-13T03:20:21Z"),
      content: "只有主题",
      likes: null,
      dislikes: null,
    },
  ]);
});

Deno.test("parseMessages() reports bad rows with the sheet's row number and the reason", () => {
  const { records, bad } = parseMessages(sheet(
    [1, "u", "主题", "2019/2/28 11:25:05", "d", 0, 0],
    [2, "u", "主题", null, "d", 0, 0],
    [3, "u", "主题", "2019/2/30 10:00:00", "d", 0, 0],
    [4, "u", "主题", "昨天下午", "d", 0, 0],
    [5, "u", "主题", true, "d", 0, 0],
    [6, "u", "  ", "2019/2/28 11:25:05", "d", 0, 0],
    ["abc", "u", "主题", "2019/2/28 11:25:05", "d", 0, 0],
    [1, "u", "主题", "2019/3/1 08:00:00", "d", 0, 0],
    [9, "u", "主题", "2019/3/1 08:00:00", "d", -1, 0],
  ));
  assert.deepEqual(records.map((r) => r.row), [2]);
  const expected = "(expected 2019/2/28 11:25:05 or an Excel date)";
  assert.deepEqual(bad, [
    { row: 3, reason: `留言时间: missing ${expected}` },
    { row: 4, reason: `留言时间: "2019/2/30 10:00:00" is not a date ${expected}` },
    { row: 5, reason: `留言时间: "昨天下午" is not a date ${expected}` },
    { row: 6, reason: `留言时间: "true" is not a date ${expected}` },
    { row: 7, reason: "留言主题: missing" },
    { row: 8, reason: "留言编号: missing or not a message number" },
    { row: 9, reason: '留言编号: "1" repeats row 2' },
    { row: 10, reason: "反对数: not a whole number ≥ 0" },
  ]);
});

Deno.test("parseMessages() refuses a sheet without the board's columns", () => {
  assert.throws(
    () => parseMessages([{ row: 1, cells: ["编号", "主题"] }]),
    /header lacks 留言编号, 留言用户, 留言主题, 留言时间, 留言详情/,
  );
});

Deno.test("parseMessageTime() takes both formats and nothing else", () => {
  assert.equal(parseMessageTime("2019-12-05 8:03")?.toISOString(), "2019-12-05T00:03:00.000Z");
  assert.equal(parseMessageTime("2019/2/28")?.toISOString(), "2019-02-27T16:00:00.000Z");
  assert.equal(parseMessageTime(43700.5152777778)?.toISOString(), "2019-08-23T04:22:00.000Z");
  assert.equal(parseMessageTime(-3), null);
  assert.equal(parseMessageTime(Number.NaN), null);
  assert.equal(parseMessageTime("2/28/2019 11:25:05"), null);
  assert.equal(parseMessageTime(new Date()), null);
});

Deno.test("messageType() calls a message asking for a change a suggestion", () => {
  assert.equal(messageType("建议A市增设公交线路"), "suggestion");
  assert.equal(messageType("希望政府出台补贴办法"), "suggestion");
  assert.equal(messageType("A2区小区垃圾无人处理"), "complaint");
});
