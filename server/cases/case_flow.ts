/**
 * The case lifecycle as data: which step may happen in which status, on whose side, and the
 * deadlines. Pure: the service asks before it writes, the UI asks before it offers a button.
 */
import { AppError } from "../errors.ts";
import { addWorkingDays, type WorkCalendar } from "./working_days.ts";

export const STATUSES = [
  "registered",
  "dispatched",
  "signed",
  "returned",
  "replied",
  "reviewed",
  "closed",
  "merged",
] as const;
export type CaseStatus = typeof STATUSES[number];

export const STATUS_NAMES: Record<CaseStatus, string> = {
  registered: "待派单",
  dispatched: "已派单待签收",
  signed: "办理中",
  returned: "退单待审核",
  replied: "已回复待审核",
  reviewed: "待回访",
  closed: "已办结",
  merged: "已并单",
};

/** Whose step it is: the hotline (dispatchers, reviewers, callback agents) or the lead department. */
export type Side = "hotline" | "lead" | "department";

const OPEN: CaseStatus[] = ["registered", "dispatched", "signed", "returned"];
const AT_DEPARTMENT: CaseStatus[] = ["dispatched", "signed"];

export const STEPS = {
  dispatch: { from: ["registered"], side: "hotline", name: "派单" },
  reroute: { from: ["dispatched", "signed", "returned"], side: "hotline", name: "改派" },
  decide_return: { from: ["returned"], side: "hotline", name: "退单审核" },
  decide_extension: { from: AT_DEPARTMENT, side: "hotline", name: "延期审核" },
  review: { from: ["replied"], side: "hotline", name: "回复审核" },
  callback: { from: ["reviewed"], side: "hotline", name: "回访" },
  merge: { from: OPEN, side: "hotline", name: "并单" },
  remind: { from: ["dispatched", "signed", "returned"], side: "hotline", name: "催办" },
  sign: { from: ["dispatched"], side: "lead", name: "签收" },
  return: { from: AT_DEPARTMENT, side: "lead", name: "退单" },
  extension: { from: AT_DEPARTMENT, side: "lead", name: "申请延期" },
  reply: { from: ["signed"], side: "lead", name: "办结回复" },
  attach: { from: ["signed"], side: "lead", name: "上传附件" },
  note: {
    from: ["dispatched", "signed", "returned", "replied"],
    side: "department",
    name: "协办意见",
  },
} as const satisfies Record<string, { from: readonly CaseStatus[]; side: Side; name: string }>;
export type Step = keyof typeof STEPS;

export function stepAllowed(step: Step, status: string): boolean {
  return (STEPS[step].from as readonly string[]).includes(status);
}

/** 409 with the reason in words when the case is not in a status where `step` can happen. */
export function assertStep(step: Step, status: string): void {
  if (!stepAllowed(step, status)) {
    const name = STATUS_NAMES[status as CaseStatus] ?? status;
    throw new AppError(
      409,
      "case_status",
      `工单当前状态为「${name}」，不能${
        STEPS[step].name
      } (cannot ${step} a case that is ${status})`,
    );
  }
}

export interface DeadlinePolicy {
  working_days: number;
  warn_working_days: number;
}

/**
 * When the matter is due: the category's own limit from the routing list, else the type's;
 * urgent matters get half of it; emergencies are due the same day, but never in less than 4 h,
 * so one registered at 23:00 is not overdue before anyone could act.
 */
export function dueAt(
  from: number,
  priority: "normal" | "urgent" | "emergency",
  policyDays: number,
  routeDays: number | null,
  cal: WorkCalendar,
): number {
  if (priority === "emergency") return Math.max(addWorkingDays(from, 0, cal), from + 4 * 3_600_000);
  const days = routeDays ?? policyDays;
  return addWorkingDays(from, priority === "urgent" ? Math.ceil(days / 2) : days, cal);
}

/** A department signs for (签收) a dispatched case within one working day. */
export function signDueAt(dispatchedAt: number, cal: WorkCalendar): number {
  return addWorkingDays(dispatchedAt, 1, cal);
}
