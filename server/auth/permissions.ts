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
  "cases.read": {
    roles: ["agent", "supervisor", "handler", "leader", "auditor"],
    label: "查看工单",
  },
  /** The explicit, audited "show" of a masked phone number or name. */
  "pii.reveal": { roles: ["agent", "supervisor", "handler"], label: "查看完整个人信息" },
  "audit.read": { roles: ["auditor", "admin"], label: "审计日志" },
  "audit.export": { roles: ["auditor"], label: "导出审计日志" },
  "users.manage": { roles: ["admin"], label: "用户管理" },
  "org.manage": { roles: ["admin"], label: "部门与班组管理" },
  "queues.manage": { roles: ["admin"], label: "队列参数管理" },
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
