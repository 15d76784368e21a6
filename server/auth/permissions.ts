/**
 * The single permission table: the server's checks and what the UI shows both read it.
 * A route names one permission (or "public"); a user holds the union of their roles' rights.
 */
export const ROLES = [
  "citizen",
  "agent",
  "supervisor",
  "handler",
  "leader",
  "auditor",
  "admin",
] as const;
export type Role = typeof ROLES[number];

export const ROLE_NAMES: Record<Role, string> = {
  citizen: "市民",
  agent: "话务员",
  supervisor: "班长",
  handler: "承办单位",
  leader: "领导",
  auditor: "审计员",
  admin: "系统管理员",
};

const STAFF: Role[] = ["agent", "supervisor", "handler", "leader", "auditor", "admin"];

export const PERMISSIONS = {
  /** Own account: change password, second factor, sign out everywhere. */
  "account.self": { roles: [...STAFF, "citizen"], label: "本人账户" },
  "overview.view": {
    roles: ["agent", "supervisor", "leader", "auditor", "admin"],
    label: "运行总览",
  },
  "events.stream": {
    roles: ["agent", "supervisor", "leader", "auditor", "admin"],
    label: "实时事件流",
  },
  "acd.view": {
    roles: ["agent", "supervisor", "leader", "auditor", "admin"],
    label: "话务队列与坐席状态",
  },
  /** An agent operates their own seat (ready, answer, hang up…). */
  "seat.operate": { roles: ["agent"], label: "坐席操作" },
  /** Force not ready / logout, change a seat's skills. */
  "seats.supervise": { roles: ["supervisor"], label: "班长坐席管理" },
  /** 监听 / 耳语 / 强插 on an agent's call (each start, switch and stop audited). */
  "calls.monitor": { roles: ["supervisor"], label: "监听、耳语、强插" },
  /** Play a call recording (each playback audited): quality control and audit only. */
  "recordings.play": { roles: ["supervisor", "auditor"], label: "调听录音" },
  "cases.read": {
    roles: ["agent", "supervisor", "handler", "leader", "auditor"],
    label: "查看工单",
  },
  /** Register a case (intake) from a call or an operator-entered contact. */
  "cases.create": { roles: ["agent", "supervisor"], label: "登记工单" },
  /** The hotline's side: dispatch, re-route, merge, remind, decide returns and extensions, review. */
  "cases.dispatch": { roles: ["agent", "supervisor"], label: "派单与审核" },
  /** A department's side: sign for, return, ask for an extension, reply. */
  "cases.handle": { roles: ["handler"], label: "承办工单" },
  "cases.callback": { roles: ["agent", "supervisor"], label: "回访" },
  /** Response, resolution and satisfaction rates per department. */
  "cases.rates": { roles: ["supervisor", "leader", "auditor"], label: "三率统计" },
  /** The hotspot analysis: what citizens raise, where, and what is rising. */
  "hotspots.view": { roles: ["leader", "supervisor", "auditor"], label: "热点分析" },
  /** Period reports and the summary figures (统计报表). */
  "reports.view": { roles: ["leader", "supervisor", "auditor"], label: "统计报表" },
  /** CSV, XLSX and PDF files of any report, each audited with its SHA-256. */
  "reports.export": { roles: ["auditor", "leader"], label: "导出报表" },
  /** Routing list, deadline policies, the working-day calendar, reminder times. */
  "routing.manage": { roles: ["supervisor", "admin"], label: "派单目录与时限" },
  "kb.read": { roles: ["agent", "supervisor", "handler", "leader"], label: "知识库查询" },
  "kb.edit": { roles: ["supervisor", "admin"], label: "知识库维护" },
  /** The explicit, audited "show" of a masked phone number or name. */
  "pii.reveal": { roles: ["agent", "supervisor", "handler"], label: "查看完整个人信息" },
  "audit.read": { roles: ["auditor", "admin"], label: "审计日志" },
  "audit.export": { roles: ["auditor"], label: "导出审计日志" },
  "users.manage": { roles: ["admin"], label: "用户管理" },
  "org.manage": { roles: ["admin"], label: "部门与班组管理" },
  "queues.manage": { roles: ["admin"], label: "队列参数管理" },
  /** 三方通话号码: the duty phones and the leader on duty the seat can consult (changes daily). */
  "consult.manage": { roles: ["supervisor", "admin"], label: "三方通话号码维护" },
} as const satisfies Record<string, { roles: readonly Role[]; label: string }>;

export type Permission = keyof typeof PERMISSIONS;
export type Access = Permission | "public";

export function can(roles: readonly Role[], permission: Access): boolean {
  if (permission === "public") return true;
  const allowed: readonly Role[] = PERMISSIONS[permission].roles;
  return roles.some((r) => allowed.includes(r));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
