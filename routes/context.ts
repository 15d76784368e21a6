import type { Actor, RequestOrigin } from "../server/auth/actor.ts";

/** What every request carries once the session middleware ran. */
export type AppEnv = {
  Variables: {
    actor: Actor | null;
    origin: RequestOrigin;
  };
};
