import type { Database } from "../db/port.ts";
import { AccountService } from "./auth/account.ts";
import { DEFAULT_SESSION_POLICY, type SessionPolicy, SessionStore } from "./auth/sessions.ts";
import { SignInService } from "./auth/sign_in.ts";
import { UserAdmin } from "./auth/user_admin.ts";
import { AcdService } from "./acd/acd_service.ts";
import { AlarmService } from "./acd/alarm_service.ts";
import { QueueAdmin } from "./acd/queue_admin.ts";
import { SeatActions } from "./acd/seat_actions.ts";
import { CaseService } from "./cases/case_service.ts";
import { RoutingAdmin } from "./cases/routing_admin.ts";
import { ConsultContactAdmin } from "./org/consult_contacts.ts";
import { OrgAdmin } from "./org/org_admin.ts";
import { PiiCipher } from "./privacy/pii_cipher.ts";
import { parseKeyring } from "./privacy/pii_cipher.ts";
import { RateLimiter } from "./security/rate_limiter.ts";

export interface ServiceOptions {
  piiKeys: string;
  piiHashKey: string;
  sessionPolicy?: SessionPolicy;
  signInPerMinute?: number;
  clock?: () => Date;
}

/** Every service over one database: what routes, the demo traffic and tests are given. */
export async function createServices(db: Database, o: ServiceOptions) {
  const clock = o.clock ?? (() => new Date());
  const pii = await PiiCipher.create(parseKeyring(o.piiKeys), o.piiHashKey);
  const sessions = new SessionStore(db, o.sessionPolicy ?? DEFAULT_SESSION_POLICY, clock);
  const perMinute = o.signInPerMinute ?? 10;
  const acd = new AcdService(db, pii, () => clock().getTime());
  return {
    pii,
    sessions,
    acd,
    seats: new SeatActions(acd),
    cases: new CaseService(db, pii, () => clock().getTime()),
    routing: new RoutingAdmin(db),
    queueAdmin: new QueueAdmin(db),
    alarms: new AlarmService(db, () => clock().getTime()),
    signIn: new SignInService(db, sessions, pii, undefined, clock),
    account: new AccountService(db, sessions, pii, clock),
    users: new UserAdmin(db, sessions),
    org: new OrgAdmin(db),
    consultContacts: new ConsultContactAdmin(db),
    signInLimiter: new RateLimiter({ capacity: perMinute, perMinute }),
    /** Anyone without a session: generous, but a flood from one address is cut. */
    publicLimiter: new RateLimiter({ capacity: 300, perMinute: 600 }),
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
