/**
 * What every importer produces: historical cases ready to write, and the rows it refused, each
 * with its row number (as a spreadsheet shows it: the header is row 1) and the reason.
 */
import type { z } from "zod";

export type ImportSource = "import_311" | "import_messages";
export type ImportCaseType =
  | "consultation"
  | "complaint"
  | "report"
  | "suggestion"
  | "help"
  | "praise";
export type ImportChannel = "phone" | "web" | "app" | "voicemail" | "sms" | "email" | "letter";

export interface BadRow {
  row: number;
  reason: string;
}

export interface ImportCase {
  row: number;
  /** The row's own id in its source (SR number, 留言编号): what makes a re-run skip it. */
  sourceRef: string;
  type: ImportCaseType;
  channel: ImportChannel;
  status: "closed" | "dispatched";
  createdAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  dispatchedAt: Date | null;
  content: string;
  address: string | null;
  categoryId: number | null;
  districtCode: string | null;
  streetCode: string | null;
  leadDepartmentId: number | null;
  /** Personal data: encrypted before it is written. */
  citizenName: string | null;
  /** Facts of the source kept on the case's "imported" event (original status, likes, …). */
  facts: Record<string, unknown>;
}

export interface Parsed<T> {
  /** Data rows in the file (the header not counted). */
  rows: number;
  records: T[];
  bad: BadRow[];
}

/** The first zod issue as a reason: the column it is about, then what is wrong. */
export function issueReason(error: z.ZodError): string {
  const issue = error.issues[0];
  const column = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${column}${issue.message}`;
}

/** Marks a later row whose id an earlier row of the same file already used. */
export function rejectDuplicates<T extends { row: number; sourceRef: string }>(
  records: T[],
  column: string,
  bad: BadRow[],
): T[] {
  const first = new Map<string, number>();
  return records.filter((r) => {
    const seen = first.get(r.sourceRef);
    if (seen === undefined) {
      first.set(r.sourceRef, r.row);
      return true;
    }
    bad.push({ row: r.row, reason: `${column}: "${r.sourceRef}" repeats row ${seen}` });
    return false;
  });
}
