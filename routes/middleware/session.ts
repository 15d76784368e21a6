import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import type { SessionStore } from "../../server/auth/sessions.ts";
import type { AppEnv } from "../context.ts";

export interface CookieSettings {
  /** "auto": Secure when the request came over HTTPS (directly or, with trustProxy, via a proxy). */
  secure: "auto" | "on" | "off";
  trustProxy: boolean;
}

const NAME = "hotline_session";
const SECURE_NAME = "__Host-hotline_session";

function clientIp(c: Parameters<MiddlewareHandler<AppEnv>>[0], trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (tests) have no connection
  }
}

function isSecure(c: Parameters<MiddlewareHandler<AppEnv>>[0], settings: CookieSettings): boolean {
  if (settings.secure !== "auto") return settings.secure === "on";
  if (new URL(c.req.url).protocol === "https:") return true;
  return settings.trustProxy && c.req.header("x-forwarded-proto") === "https";
}

/** Resolves the session cookie to an actor (or null) and records where the request came from. */
export function sessionMiddleware(
  sessions: SessionStore,
  settings: CookieSettings,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("origin", {
      ip: clientIp(c, settings.trustProxy),
      userAgent: c.req.header("user-agent") ?? null,
    });
    const token = getCookie(c, SECURE_NAME) ?? getCookie(c, NAME);
    c.set("actor", token ? await sessions.lookup(token) : null);
    await next();
  };
}

export function setSessionCookie(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  settings: CookieSettings,
  token: string,
  expiresAt: Date,
): void {
  const secure = isSecure(c, settings);
  setCookie(c, secure ? SECURE_NAME : NAME, token, {
    httpOnly: true,
    secure,
    sameSite: "Strict",
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Parameters<MiddlewareHandler<AppEnv>>[0]): void {
  deleteCookie(c, NAME, { path: "/" });
  deleteCookie(c, SECURE_NAME, { path: "/", secure: true });
}
