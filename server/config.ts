import { z } from "zod";

const onOff = z.enum(["on", "off"]).transform((v) => v === "on");

const ConfigSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, {
    message:
      "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
  }).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DEMO_DATA: onOff.default(true),
  DEMO_TRAFFIC: onOff.default(true),
  /** Seconds between SSE heartbeats: how soon a silent client notices a dead stream. */
  SSE_HEARTBEAT_SECONDS: z.coerce.number().min(0.1).max(60).default(5),
  /** "kid:base64key,…", newest first; unset: a key file in DATA_DIR is created and used. */
  PII_KEYS: z.string().regex(
    /^[a-z0-9]{1,16}:[A-Za-z0-9+/_=-]{40,}(,[a-z0-9]{1,16}:[A-Za-z0-9+/_=-]{40,})*$/,
    {
      message: "must be kid:base64key[,kid:base64key…] (32-byte keys, newest first)",
    },
  ).optional(),
  /** The keyed-hash secret for phone look-ups; must stay the same across key rotations. */
  PII_HASH_KEY: z.string().regex(/^[A-Za-z0-9+/_=-]{43,}$/, {
    message: "must be base64 of at least 32 bytes",
  }).optional(),
  ADMIN_PASSWORD: z.string().min(1).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  COOKIE_SECURE: z.enum(["auto", "on", "off"]).default("auto"),
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-*. */
  TRUST_PROXY: onOff.default(false),
  SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Audit records older than this are purged daily; never fewer than 180 days (MLPS level 3). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, { message: "must be at least 180 days" })
    .max(36_500).default(365),
}).refine((c) => !c.PII_KEYS || c.PII_HASH_KEY, {
  message: "PII_HASH_KEY is required with PII_KEYS (look-up hashes must survive key rotation)",
  path: ["PII_HASH_KEY"],
});

export interface Config {
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  demoData: boolean;
  demoTraffic: boolean;
  sseHeartbeatMs: number;
  piiKeys?: string;
  piiHashKey?: string;
  adminPassword?: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: "auto" | "on" | "off";
  trustProxy: boolean;
  signInPerMinute: number;
  auditRetentionDays: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the configuration from environment variables; throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Secrets are named, never echoed.
      const shown = /KEY|PASSWORD/.test(name) ? "(hidden)" : JSON.stringify(env[name] ?? "");
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    demoData: c.DEMO_DATA,
    demoTraffic: c.DEMO_TRAFFIC,
    sseHeartbeatMs: Math.round(c.SSE_HEARTBEAT_SECONDS * 1000),
    piiKeys: c.PII_KEYS,
    piiHashKey: c.PII_HASH_KEY,
    adminPassword: c.ADMIN_PASSWORD,
    sessionIdleMs: c.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: c.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: c.COOKIE_SECURE,
    trustProxy: c.TRUST_PROXY,
    signInPerMinute: c.SIGN_IN_PER_MINUTE,
    auditRetentionDays: c.AUDIT_RETENTION_DAYS,
  };
}

/** For commands: the configuration from the environment, or the reasons and exit code 2. */
export function configFromEnvOrExit(name = "12345 hotline"): Config {
  try {
    return loadConfig(Deno.env.toObject());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${name}: ${error.message}`);
    Deno.exit(2);
  }
}
