/**
 * The phone trunk's environment variables, validated with the rest of the configuration
 * (server/config.ts spreads `SIP_ENV` into its schema and adds `sipEnvIssues`).
 */
import { z } from "zod";
import { AllowList, AllowListError } from "./allow_list.ts";

const onOff = z.enum(["on", "off"]).transform((v) => v === "on");
const port = z.coerce.number().int().min(0).max(65535);

export const SIP_ENV = {
  /** off: no SIP edge in this process (several processes share one database). */
  SIP_EDGE: onOff.default(true),
  SIP_HOST: z.string().min(1).default("127.0.0.1"),
  SIP_PORT: port.default(5060),
  /** Comma list of addresses or CIDR blocks allowed to send calls; everyone else gets 403. */
  SIP_TRUNK_ALLOW: z.string().default("127.0.0.1"),
  RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  /** Calls one edge process carries at once; more get 503 with Retry-After. */
  SIP_MAX_CALLS: z.coerce.number().int().min(1).max(2000).default(250),
  /** Optional digest authentication of the trunk: both or neither. */
  SIP_DIGEST_USER: z.string().min(1).max(64).optional(),
  SIP_DIGEST_PASSWORD: z.string().min(8).max(128).optional(),
  SIP_DIGEST_REALM: z.string().min(1).max(64).regex(/^[^"\\]+$/).default("12345"),
  /** host:port of the trunk for calls we place (phone callbacks); unset: none are placed. */
  SIP_TRUNK_OUTBOUND: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "must be host:port").optional(),
  /** Phone callbacks: calls placed at most per request, and the wait after a missed one. */
  SIP_CALLBACK_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  SIP_CALLBACK_RETRY_S: z.coerce.number().int().min(10).max(86400).default(600),
};

const SipEnvSchema = z.object(SIP_ENV);
type SipEnv = z.output<typeof SipEnvSchema>;

export function sipEnvIssues(c: SipEnv, ctx: z.RefinementCtx): void {
  try {
    AllowList.parse(c.SIP_TRUNK_ALLOW);
  } catch (error) {
    if (!(error instanceof AllowListError)) throw error;
    ctx.addIssue({ code: "custom", path: ["SIP_TRUNK_ALLOW"], message: error.message });
  }
  if (c.RTP_PORT_MIN >= c.RTP_PORT_MAX) {
    ctx.addIssue({ code: "custom", path: ["RTP_PORT_MIN"], message: "must be below RTP_PORT_MAX" });
  }
  if (!c.SIP_DIGEST_USER !== !c.SIP_DIGEST_PASSWORD) {
    ctx.addIssue({
      code: "custom",
      path: [c.SIP_DIGEST_USER ? "SIP_DIGEST_PASSWORD" : "SIP_DIGEST_USER"],
      message: "SIP_DIGEST_USER and SIP_DIGEST_PASSWORD go together",
    });
  }
}

export interface SipConfig {
  enabled: boolean;
  host: string;
  port: number;
  trunkAllow: string;
  rtpPortMin: number;
  rtpPortMax: number;
  maxCalls: number;
  digest?: { user: string; password: string; realm: string };
  outbound?: { address: string; port: number };
  callbackPolicy: { attempts: number; intervalMs: number };
}

export function sipConfig(c: SipEnv): SipConfig {
  return {
    enabled: c.SIP_EDGE,
    host: c.SIP_HOST,
    port: c.SIP_PORT,
    trunkAllow: c.SIP_TRUNK_ALLOW,
    rtpPortMin: c.RTP_PORT_MIN,
    rtpPortMax: c.RTP_PORT_MAX,
    maxCalls: c.SIP_MAX_CALLS,
    digest: c.SIP_DIGEST_USER && c.SIP_DIGEST_PASSWORD
      ? { user: c.SIP_DIGEST_USER, password: c.SIP_DIGEST_PASSWORD, realm: c.SIP_DIGEST_REALM }
      : undefined,
    outbound: c.SIP_TRUNK_OUTBOUND
      ? {
        address: c.SIP_TRUNK_OUTBOUND.split(":")[0],
        port: Number(c.SIP_TRUNK_OUTBOUND.split(":")[1]),
      }
      : undefined,
    callbackPolicy: {
      attempts: c.SIP_CALLBACK_ATTEMPTS,
      intervalMs: c.SIP_CALLBACK_RETRY_S * 1000,
    },
  };
}
