import type { Actor } from "../server/auth/actor.ts";
import { can, type Permission, ROLE_NAMES } from "../server/auth/permissions.ts";

const LINKS: { href: string; label: string; permission: Permission }[] = [
  { href: "/", label: "运行总览", permission: "overview.view" },
  { href: "/wall", label: "话务大屏", permission: "acd.view" },
  { href: "/supervisor", label: "班长席", permission: "acd.view" },
  { href: "/seat", label: "坐席", permission: "seat.operate" },
  { href: "/cases/new", label: "登记工单", permission: "cases.create" },
  { href: "/cases", label: "工单查询", permission: "cases.read" },
  { href: "/dept", label: "工作台", permission: "cases.handle" },
  { href: "/cases/tasks", label: "待办", permission: "cases.dispatch" },
  { href: "/cases/rates", label: "三率统计", permission: "cases.rates" },
  { href: "/hotspots", label: "热点分析", permission: "hotspots.view" },
  { href: "/reports", label: "统计报表", permission: "reports.view" },
  { href: "/reports/annual", label: "年度总结", permission: "reports.view" },
  { href: "/kb", label: "知识库", permission: "kb.read" },
  { href: "/audit", label: "审计日志", permission: "audit.read" },
  { href: "/admin/users", label: "用户", permission: "users.manage" },
  { href: "/admin/departments", label: "部门", permission: "org.manage" },
  { href: "/admin/groups", label: "班组", permission: "org.manage" },
  { href: "/admin/queues", label: "队列", permission: "queues.manage" },
  { href: "/admin/thresholds", label: "告警阈值", permission: "queues.manage" },
  { href: "/admin/ivr", label: "语音导航", permission: "queues.manage" },
  { href: "/admin/consult-contacts", label: "三方通话号码", permission: "consult.manage" },
  { href: "/admin/routing", label: "派单目录", permission: "routing.manage" },
  { href: "/admin/deadlines", label: "办理时限", permission: "routing.manage" },
  { href: "/admin/calendar", label: "工作日历", permission: "routing.manage" },
  { href: "/admin/roles", label: "角色与权限", permission: "users.manage" },
];

/** The top bar: only the links the actor's roles allow (the same table the server checks). */
export function Nav({ actor }: { actor: Actor }) {
  return (
    <nav class="topnav">
      <span class="brand">12345 热线</span>
      {LINKS.filter((l) => can(actor.roles, l.permission)).map((l) => (
        <a key={l.href} href={l.href}>{l.label}</a>
      ))}
      <span class="spacer" />
      <a href="/account" class="who">
        {actor.name}（{actor.workNumber} · {actor.roles.map((r) => ROLE_NAMES[r]).join("、")}）
      </a>
      <form method="post" action="/logout" class="inline">
        <CsrfField actor={actor} />
        <button type="submit">退出</button>
      </form>
    </nav>
  );
}

export function CsrfField({ actor }: { actor: Actor }) {
  return <input type="hidden" name="_csrf" value={actor.csrf} />;
}
