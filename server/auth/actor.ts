import type { AuditActor } from "../audit/audit.ts";
import type { Role } from "./permissions.ts";

/** The signed-in person behind a request, as routes and services see them. */
export interface Actor {
  userId: number;
  workNumber: string;
  name: string;
  roles: Role[];
  departmentId: number | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  sessionId: string;
  csrf: string;
}

/** Where a request came from: recorded with every audited action. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export function auditActor(
  actor: Actor | null,
  origin: RequestOrigin,
  claimed?: string,
): AuditActor {
  return {
    actor: actor?.workNumber ?? claimed ?? "anonymous",
    role: actor ? actor.roles.join(",") : null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
}
