import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { readXlsxRows } from "./xlsx_rows.ts";

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet("Sheet1"));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

Deno.test("readXlsxRows() gives plain values with the sheet's row numbers; dates as Excel serials", async () => {
  const bytes = await workbook((s) => {
    s.addRow(["留言编号", "留言时间", "留言详情"]);
    // exceljs stores a Date as the serial of its UTC wall clock, as Excel would.
    s.addRow([1, new Date(Date.UTC(2019, 7, 1, 12, 0, 0)), "text"]);
    s.addRow([]);
    s.addRow([2, "2019/2/28 11:25:05", { richText: [{ text: "富" }, { text: "文本" }] }]);
    s.addRow([3, { formula: "1+1", result: 2 }, {
      text: "链接",
      hyperlink: "https://example.org",
    }]);
  });
  assert.deepEqual(await readXlsxRows(bytes), [
    { row: 1, cells: ["留言编号", "留言时间", "留言详情"] },
    { row: 2, cells: [1, 43678.5, "text"] },
    { row: 4, cells: [2, "2019/2/28 11:25:05", "富文本"] },
    { row: 5, cells: [3, 2, "链接"] },
  ]);
});

Deno.test("readXlsxRows() refuses bytes that are not a workbook", async () => {
  await assert.rejects(() => readXlsxRows(new TextEncoder().encode("not a zip")));
});
