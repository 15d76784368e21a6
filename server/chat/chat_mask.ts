/**
 * Digit runs in chat text that look like a phone or an ID-card number, masked for readers of the
 * case's transcript. The agent on the live call sees them as typed: a citizen who types the number
 * to be called back on wants the agent to read it.
 */

/** Seven or more digits, single spaces or hyphens allowed between them, an ID card's final X. */
const RUN = /\d(?:[ -]?\d){6,}(?:[ -]?[Xx])?/g;

/**
 * 11+ characters (mobiles, landlines with area code, ID cards) keep the first 3 and last 4;
 * 7–10 keep the last 4; every other digit becomes a star and separators are dropped.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(RUN, (run) => {
    const chars = run.replace(/[ -]/g, "");
    const n = chars.length;
    if (n >= 11) return chars.slice(0, 3) + "*".repeat(n - 7) + chars.slice(-4);
    return "*".repeat(n - 4) + chars.slice(-4);
  });
}
