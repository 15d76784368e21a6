/**
 * The first worksheet of an xlsx file as plain rows of cell values (text, number, boolean or
 * null), read with exceljs. Dates come back as Excel serial numbers, as the file stores them:
 * which time zone a wall clock belongs to is the importer's business, not the reader's.
 */
import ExcelJS from "exceljs";
import type { SheetRow } from "./import_messages.ts";

const EXCEL_EPOCH_DAYS = 25569; // 1970-01-01 as an Excel serial

/** exceljs turns a date-formatted number into a Date whose UTC fields are the wall clock. */
function plain(value: ExcelJS.CellValue): unknown {
  if (value == null) return null;
  if (value instanceof Date) return value.getTime() / 86_400_000 + EXCEL_EPOCH_DAYS;
  if (typeof value !== "object") return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) return plain(value.result ?? null);
  if ("text" in value && "hyperlink" in value) return value.text;
  return null; // an error value (#N/A …) holds nothing to import
}

export async function readXlsxRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as a Buffer "extending ArrayBuffer"; a copy of the bytes is one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("the workbook has no worksheet");
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    // row.values is 1-based (index 0 is empty).
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(plain);
    if (cells.some((c) => c !== null && c !== "")) rows.push({ row: number, cells });
  });
  return rows;
}
