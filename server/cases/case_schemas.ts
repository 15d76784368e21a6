import { z } from "zod";
import { CASE_TYPES } from "./deadline_rules.ts";

export { CASE_TYPES };

export const CHANNELS = [
  "phone",
  "web",
  "app",
  "voicemail",
  "sms",
  "email",
  "letter",
  "fax",
] as const;
/** The channels a case registered during a call can have. */
export const CALL_CHANNELS: readonly (typeof CHANNELS)[number][] = ["phone", "voicemail", "web"];
export const PRIORITIES = ["normal", "urgent", "emergency"] as const;
export const SATISFACTION = ["satisfied", "basic", "dissatisfied"] as const;

const id = z.number().int().positive();
const text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, `${what}至少 ${min} 个字`).max(max, `${what}最多 ${max} 个字`);
const phone = z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, "电话号码格式不对 (5–20 digits)");

/** One intake, whatever the channel: an agent on a call or an operator typing in a letter. */
export const CaseIntake = z.object({
  type: z.enum(CASE_TYPES),
  channel: z.enum(CHANNELS),
  content: text(5, 4000, "诉求内容"),
  category_id: id.nullish(),
  district_code: z.string().regex(/^\d{6}$/, "区县代码为 6 位数字").nullish(),
  street_code: z.string().regex(/^\d{9}$/, "街道代码为 9 位数字").nullish(),
  address: text(2, 200, "地址").nullish(),
  citizen_name: text(1, 64, "姓名").nullish(),
  citizen_phone: phone.nullish(),
  confidential: z.boolean().default(false),
  priority: z.enum(PRIORITIES).default("normal"),
  /** The call being answered: its caller number becomes the contact, the call is linked. */
  call_id: id.nullish(),
  /**
   * answered: a consultation or praise dealt with on the spot, closed at once (直接办结);
   * dispatch: sent to the lead department now; register: saved for a dispatcher.
   */
  outcome: z.enum(["answered", "dispatch", "register"]),
  answer: text(2, 4000, "答复内容").nullish(),
  lead_department_id: id.nullish(),
  assisting_department_ids: z.array(id).max(10).default([]),
}).strict().superRefine((v, ctx) => {
  if (v.outcome === "answered") {
    if (v.type !== "consultation" && v.type !== "praise") {
      ctx.addIssue({
        code: "custom",
        path: ["outcome"],
        message: "只有咨询和表扬可以直接办结 (only consultations and praise close at once)",
      });
    }
    if (!v.answer) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: "直接办结须填写答复内容" });
    }
  }
  if (v.outcome === "dispatch" && !v.category_id && !v.lead_department_id) {
    ctx.addIssue({
      code: "custom",
      path: ["category_id"],
      message: "派单须选择分类或承办单位 (a category or a lead department is needed)",
    });
  }
  // A call is a phone call, a voicemail left on the phone line, or a citizen calling from the
  // website (/call, channel "web"); letters, e-mails and the rest have no call to link.
  if (v.call_id && !CALL_CHANNELS.includes(v.channel)) {
    ctx.addIssue({
      code: "custom",
      path: ["call_id"],
      message: "只有电话、语音信箱和网络来电可关联通话",
    });
  }
  if (v.lead_department_id && v.assisting_department_ids.includes(v.lead_department_id)) {
    ctx.addIssue({
      code: "custom",
      path: ["assisting_department_ids"],
      message: "协办单位不能同时是主办单位",
    });
  }
});
export type CaseIntake = z.infer<typeof CaseIntake>;

export const Dispatch = z.object({
  lead_department_id: id,
  assisting_department_ids: z.array(id).max(10).default([]),
  category_id: id.nullish(),
  note: text(0, 1000, "说明").nullish(),
}).strict().refine((v) => !v.assisting_department_ids.includes(v.lead_department_id), {
  path: ["assisting_department_ids"],
  message: "协办单位不能同时是主办单位",
});
export const Reroute = z.object({
  lead_department_id: id,
  assisting_department_ids: z.array(id).max(10).default([]),
  reason: text(2, 1000, "改派理由"),
}).strict();
export const Reason = z.object({ reason: text(2, 2000, "理由") }).strict();
export const ExtensionRequest = z.object({
  reason: text(2, 2000, "延期理由"),
  extra_working_days: z.number().int().min(1).max(60),
}).strict();
export const Decision = z.object({
  decision: z.enum(["approved", "refused"]),
  note: text(0, 1000, "审核意见").nullish(),
}).strict();
/** A real calendar day as YYYY-MM-DD (2026-02-30 is refused here, not by the database). */
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD").refine(
  (s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s) && s >= "1990" && s < "2100";
  },
  "没有这一天 (not a calendar day)",
);
const day = calendarDay;
export const Reply = z.object({
  investigator: text(1, 200, "调查人"),
  investigated_on: day,
  findings: text(5, 8000, "调查情况"),
  legal_basis: text(2, 4000, "法律政策依据"),
  opinion: text(5, 8000, "处理意见"),
  handler: text(1, 64, "承办人"),
  reviewer: text(1, 64, "审核人"),
  unit: text(2, 100, "承办单位"),
  reply_date: day,
}).strict();
export const Review = z.object({
  review: z.enum(["accepted", "sent_back"]),
  note: text(0, 1000, "审核意见").nullish(),
}).strict().refine((v) => v.review === "accepted" || (v.note ?? "").length >= 2, {
  path: ["note"],
  message: "退回须说明理由",
});
export const Callback = z.object({
  reached: z.boolean(),
  satisfaction: z.enum(SATISFACTION).nullish(),
  resolved: z.boolean().nullish(),
  note: text(0, 1000, "回访记录").nullish(),
}).strict().superRefine((v, ctx) => {
  if (v.reached && (!v.satisfaction || v.resolved == null)) {
    ctx.addIssue({
      code: "custom",
      path: ["satisfaction"],
      message: "接通后须记录满意度和是否解决",
    });
  }
  if (!v.reached && (v.satisfaction || v.resolved != null)) {
    ctx.addIssue({ code: "custom", path: ["reached"], message: "未接通不能记录满意度" });
  }
  if (v.satisfaction === "dissatisfied" && (v.note ?? "").length < 2) {
    ctx.addIssue({ code: "custom", path: ["note"], message: "不满意须记录原因（工单将重新办理）" });
  }
});
export const Merge = z.object({
  into: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字"),
  reason: text(2, 1000, "并单理由"),
}).strict();
export const Note = z.object({ note: text(2, 4000, "意见") }).strict();
