import type { Database } from "../db/port.ts";
import { AccountService } from "./auth/account.ts";
import { DEFAULT_SESSION_POLICY, type SessionPolicy, SessionStore } from "./auth/sessions.ts";
import { SignInService } from "./auth/sign_in.ts";
import { UserAdmin } from "./auth/user_admin.ts";
import { CallService } from "./calls/call_service.ts";
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
  return {
    pii,
    sessions,
    calls: new CallService(db, pii),
    signIn: new SignInService(db, sessions, pii, undefined, clock),
    account: new AccountService(db, sessions, pii, clock),
    users: new UserAdmin(db, sessions),
    org: new OrgAdmin(db),
    signInLimiter: new RateLimiter({ capacity: perMinute, perMinute }),
    /** Anyone without a session: generous, but a flood from one address is cut. */
    publicLimiter: new RateLimiter({ capacity: 300, perMinute: 600 }),
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
