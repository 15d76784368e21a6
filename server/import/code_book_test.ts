import assert from "node:assert/strict";
import { CodeBook, CodeBookFullError, freeRootCode, leafCategory } from "./code_book.ts";

Deno.test("CodeBook keeps the codes of an earlier run and gives new children the lowest free one", () => {
  const book = new CodeBook([
    { code: "990106", name: "巴尔的摩第6议会选区", parent: null },
    { code: "990106001", name: "Dorchester", parent: "990106" },
    { code: "990106003", name: "Arlington", parent: "990106" },
  ]);
  assert.equal(book.child("990106", "Dorchester", 3), "990106001");
  assert.equal(book.child("990106", "Park Circle", 3), "990106002");
  assert.equal(book.child("990106", "Langston Hughes", 3), "990106004");
  assert.equal(book.child("990106", "Park Circle", 3), "990106002");
  assert.deepEqual(book.added.map((n) => n.name), ["Park Circle", "Langston Hughes"]);
});

Deno.test("leafCategory() files an SR type under its agency, once", () => {
  const book = new CodeBook([]);
  assert.equal(leafCategory(book, "90", "Transportation", "TRM-Pothole Repair"), "900101");
  assert.equal(leafCategory(book, "90", "Solid Waste", "SW-Dirty Alley"), "900201");
  assert.equal(leafCategory(book, "90", "Transportation", "TRM-Street Repairs"), "900102");
  assert.equal(leafCategory(book, "90", "Transportation", "TRM-Pothole Repair"), "900101");
  assert.deepEqual(book.added.map((n) => [n.code, n.name, n.parent]), [
    ["9001", "Transportation", "90"],
    ["900101", "TRM-Pothole Repair", "9001"],
    ["9002", "Solid Waste", "90"],
    ["900201", "SW-Dirty Alley", "9002"],
    ["900102", "TRM-Street Repairs", "9001"],
  ]);
});

Deno.test("leafCategory() continues an agency with more than 99 types in 'Agency (2)'", () => {
  const book = new CodeBook([]);
  const codes = Array.from({ length: 150 }, (_, i) => leafCategory(book, "90", "Housing", `T${i}`));
  assert.equal(codes[98], "900199");
  assert.equal(codes[99], "900201");
  assert.equal(codes[149], "900251");
  assert.equal(book.find("90", "Housing (2)"), "9002");
  assert.equal(new Set(codes).size, 150);
  // A later run finds the types again, also those in the continuation.
  const again = new CodeBook(book.added);
  assert.equal(leafCategory(again, "90", "Housing", "T120"), "900222");
  assert.equal(again.added.length, 0);
});

Deno.test("CodeBook says so when a parent has no free code left", () => {
  const book = new CodeBook([]);
  for (let i = 0; i < 99; i++) book.child("90", `A${i}`, 2);
  assert.throws(() => book.child("90", "one more", 2), CodeBookFullError);
});

Deno.test("freeRootCode() takes the 90s first, then counts down", () => {
  assert.equal(freeRootCode(new Set(["01", "02"])), "90");
  assert.equal(freeRootCode(new Set(["90", "91"])), "92");
  const nineties = ["90", "91", "92", "93", "94", "95", "96", "97", "98", "99"];
  assert.equal(freeRootCode(new Set(nineties)), "89");
});
