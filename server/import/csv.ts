/**
 * A small RFC 4180 reader: fields separated by commas, records by CRLF or LF, fields in double
 * quotes may hold commas, line breaks and doubled quotes (""). Every value is kept as text.
 */

export class CsvError extends Error {
  override name = "CsvError";
}

export interface CsvRecord {
  /** 1-based, counting the header as record 1: what a spreadsheet shows as the row number. */
  row: number;
  /** The line of the file the record starts on (differs from `row` after quoted line breaks). */
  line: number;
  fields: string[];
}

/** All records of `text`, the header first; blank lines are skipped, not records. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the header
  const n = text.length;
  for (;;) {
    // One field per pass: i is at its first character.
    let value: string;
    if (text[i] === '"') {
      let end = i + 1;
      const parts: string[] = [];
      for (;;) {
        const q = text.indexOf('"', end);
        if (q < 0) throw new CsvError(`line ${line}: a quoted field is never closed`);
        parts.push(text.slice(end, q));
        if (text[q + 1] === '"') {
          parts.push('"');
          end = q + 2;
          continue;
        }
        end = q + 1;
        break;
      }
      value = parts.join("");
      for (let k = value.indexOf("\n"); k >= 0; k = value.indexOf("\n", k + 1)) line++;
      const next = text[end];
      if (end < n && next !== "," && next !== "\r" && next !== "\n") {
        throw new CsvError(`line ${line}: text after the closing quote of a field`);
      }
      i = end;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break; // , \n \r
        end++;
      }
      value = text.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i < n && text[i] === ",") {
      i++;
      continue;
    }
    // End of a record (a line break or the end of the text).
    if (!(fields.length === 1 && fields[0] === "")) {
      records.push({ row: records.length + 1, line: start, fields });
    }
    fields = [];
    if (i >= n) break;
    if (text[i] === "\r" && text[i + 1] === "\n") i++;
    i++;
    line++;
    start = line;
    if (i >= n) break;
  }
  return records;
}
