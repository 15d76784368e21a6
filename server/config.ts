import { z } from "zod";
import { SIP_ENV, type SipConfig, sipConfig, sipEnvIssues } from "../telephony/sip/sip_config.ts";

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
  /** The media layer (WebRTC seats, web caller, recording, listen-in); off: pages work without. */
  MEDIA: onOff.default(true),
  /** The start command builds a missing worker (telephony/build_worker.sh) in the background. */
  MEDIA_BUILD: onOff.default(true),
  /** Overrides the cached worker (~/.cache/hotline/mediasoup-worker-3.27.1/mediasoup-worker). */
  MEDIASOUP_WORKER_BIN: z.string().min(1).optional(),
  /** Workers in the pool; default one per core. */
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Address the workers listen on for RTP, and the one browsers are told (behind NAT). */
  MEDIA_LISTEN_IP: z.ipv4().or(z.ipv6()).optional(),
  MEDIA_ANNOUNCED_IP: z.string().min(1).optional(),
  MEDIA_RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  MEDIA_RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  /** Call recordings older than this are deleted daily. */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(180),
  /** The phone trunk: SIP_EDGE, SIP_HOST, SIP_PORT, SIP_TRUNK_ALLOW, RTP_PORT_MIN/MAX, digest. */
  ...SIP_ENV,
}).superRefine(sipEnvIssues).refine((c) => c.MEDIA_RTC_MIN_PORT < c.MEDIA_RTC_MAX_PORT, {
  message: "MEDIA_RTC_MIN_PORT must be below MEDIA_RTC_MAX_PORT",
  path: ["MEDIA_RTC_MIN_PORT"],
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
  media: MediaConfig;
  sip: SipConfig;
}

export interface MediaConfig {
  enabled: boolean;
  build: boolean;
  workerBin?: string;
  workers?: number;
  listenIp: string;
  announcedIp?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  recordingRetentionDays: number;
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
    media: {
      enabled: c.MEDIA,
      build: c.MEDIA_BUILD,
      workerBin: c.MEDIASOUP_WORKER_BIN,
      workers: c.MEDIA_WORKERS,
      // Browsers on this machine reach a loopback server's media on loopback too.
      listenIp: c.MEDIA_LISTEN_IP ?? (/^[0-9.]+$|:/.test(c.HOST) ? c.HOST : "127.0.0.1"),
      announcedIp: c.MEDIA_ANNOUNCED_IP,
      rtcMinPort: c.MEDIA_RTC_MIN_PORT,
      rtcMaxPort: c.MEDIA_RTC_MAX_PORT,
      recordingRetentionDays: c.RECORDING_RETENTION_DAYS,
    },
    sip: sipConfig(c),
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
