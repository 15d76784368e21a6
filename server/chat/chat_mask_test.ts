import assert from "node:assert/strict";
import { maskDigitRuns } from "./chat_mask.ts";

Deno.test("[chat] phone and ID-card-like digit runs are masked, other text and short numbers kept", () => {
  assert.equal(maskDigitRuns("请回电 13912345678 谢谢"), "请回电 139****5678 谢谢");
  assert.equal(maskDigitRuns("电话 139-1234-5678"), "电话 139****5678");
  assert.equal(maskDigitRuns("座机0571 8888 6666"), "座机057*****6666");
  assert.equal(maskDigitRuns("身份证11010519491231002X"), "身份证110***********002X");
  assert.equal(maskDigitRuns("分机 8823456"), "分机 ***3456");
  // House numbers, dates and counts stay readable.
  assert.equal(maskDigitRuns("幸福路 12 号 3 单元，2024年5月"), "幸福路 12 号 3 单元，2024年5月");
  assert.equal(maskDigitRuns("123456"), "123456");
  assert.equal(maskDigitRuns("<b>13912345678</b>"), "<b>139****5678</b>");
});
