/**
 * Numbers as the TTS should say them. espeak-ng reads Arabic digits in Chinese text as English
 * words, so every number is written out in Chinese characters: case numbers and phone numbers
 * digit by digit, counts (queue position, minutes) as quantities.
 */

const ZH_DIGITS = "零一二三四五六七八九";
const EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** "10000016" → "一零零零零零一六"; anything but digits is dropped. */
export function digitsZh(text: string): string {
  return [...text].filter((c) => c >= "0" && c <= "9").map((c) => ZH_DIGITS[Number(c)]).join("");
}

export function digitsEn(text: string): string {
  return [...text].filter((c) => c >= "0" && c <= "9").map((c) => EN_DIGITS[Number(c)]).join(" ");
}

/** 0 … 99,999,999 as a quantity: 12 → 十二, 105 → 一百零五, 20000 → 两万. */
export function numberZh(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99_999_999) {
    throw new RangeError(`numberZh: ${n} is not an integer in 0..99999999`);
  }
  if (n === 0) return "零";
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  if (high === 0) return below10k(low, false);
  const head = below10k(high, false) + "万";
  if (low === 0) return head.replace(/^二万$/, "两万");
  // 二万零一: one 零 for the gap, and 一十 inside a number (两万零一十).
  return head + (low < 1000 ? "零" : "") + below10k(low, true).replace(/^零/, "");
}

function below10k(n: number, inner: boolean): string {
  const units = ["千", "百", "十", ""];
  const digits = String(n).padStart(4, "0").split("").map(Number);
  let out = "";
  let zero = false;
  let started = inner;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) out += "零";
    zero = false;
    // 十二, not 一十二, when ten is the leading unit.
    const digit = d === 1 && i === 2 && !started ? "" : ZH_DIGITS[d];
    out += digit + units[i];
    started = true;
  });
  return out;
}

/** Seconds of expected wait as spoken minutes: "约三分钟"; under a minute: "不到一分钟". */
export function waitZh(seconds: number): string {
  if (seconds < 60) return "不到一分钟";
  return `约${numberZh(Math.round(seconds / 60))}分钟`;
}

export function waitEn(seconds: number): string {
  if (seconds < 60) return "less than a minute";
  const m = Math.round(seconds / 60);
  return `about ${m} minute${m === 1 ? "" : "s"}`;
}
