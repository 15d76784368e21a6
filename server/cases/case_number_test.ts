import assert from "node:assert/strict";
import { caseNumber, CaseNumberError, isValidCaseNumber } from "./case_number.ts";

Deno.test("caseNumber() pads the sequence to 7 digits and appends the Damm check digit", () => {
  // Damm's own example: 572 → check digit 4.
  assert.equal(caseNumber(572), "00005724");
  assert.equal(caseNumber(1).length, 8);
  assert.ok(isValidCaseNumber(caseNumber(9_999_999)));
  assert.throws(() => caseNumber(0), CaseNumberError);
  assert.throws(() => caseNumber(10_000_000), /1\.\.9999999/);
});

Deno.test("isValidCaseNumber() catches every single wrong digit and every swap of neighbours", () => {
  for (const seq of [1, 572, 1_234_567, 9_090_909, 5_000_000]) {
    const n = caseNumber(seq);
    assert.ok(isValidCaseNumber(n), n);
    for (let i = 0; i < 8; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[i]) continue;
        const typo = n.slice(0, i) + d + n.slice(i + 1);
        assert.equal(isValidCaseNumber(typo), false, `${n} → ${typo}`);
      }
      if (i < 7 && n[i] !== n[i + 1]) {
        const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        assert.equal(isValidCaseNumber(swapped), false, `${n} → ${swapped}`);
      }
    }
  }
});

Deno.test("isValidCaseNumber() refuses anything but 8 digits", () => {
  assert.equal(isValidCaseNumber("0000572"), false);
  assert.equal(isValidCaseNumber("000057240"), false);
  assert.equal(isValidCaseNumber("0000572a"), false);
});
