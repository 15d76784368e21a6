import assert from "node:assert/strict";
import { CsvError, parseCsv } from "./csv.ts";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

Deno.test("parseCsv() reads quoted fields holding commas, line breaks and doubled quotes", () => {
  assert.deepEqual(fields('a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",\n'), [
    ["a", "b", "c"],
    ["1", "x, y", 'say "hi"'],
    ["2", "two\nlines", ""],
  ]);
});

Deno.test("parseCsv() numbers records like a spreadsheet and keeps the line each starts on", () => {
  const records = parseCsv('h1,h2\r\n"a\r\nb",c\r\n\r\nd,e');
  assert.deepEqual(records.map((r) => [r.row, r.line, r.fields]), [
    [1, 1, ["h1", "h2"]],
    [2, 2, ["a\r\nb", "c"]],
    [3, 5, ["d", "e"]],
  ]);
});

Deno.test("parseCsv() drops a byte-order mark and keeps empty fields", () => {
  assert.deepEqual(fields("\ufeffa,b\n,\n"), [["a", "b"], ["", ""]]);
  assert.deepEqual(fields(""), []);
});

Deno.test("parseCsv() refuses an unclosed quote and text after a closing quote", () => {
  assert.throws(() => parseCsv('a\n"never closed\n'), CsvError);
  assert.throws(() => parseCsv('a\n"x"y\n'), /line 2: text after the closing quote/);
});
