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
});

export interface Config {
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  demoData: boolean;
  demoTraffic: boolean;
  sseHeartbeatMs: number;
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
      return `  ${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}`;
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
  };
}
