/** The telephony edge over a test app's database, on free ports, with prompts in a temp dir. */
import { type EdgeConfig, SipEdge } from "../telephony/sip/sip_edge.ts";
import { startTestApp, type TestApp } from "./harness.ts";

export interface EdgeTest {
  t: TestApp;
  edge: SipEdge;
  target: string;
  dispose(): Promise<void>;
}

/** Prompts rendered once per machine, shared by the SIP tests (the cache is keyed by text). */
const PROMPTS = `${Deno.env.get("TMPDIR") ?? "/tmp"}/hotline-sip-test-prompts`;

export async function startEdge(cfg: Partial<EdgeConfig> = {}): Promise<EdgeTest> {
  const t = await startTestApp();
  try {
    const edge = await SipEdge.start({
      host: "127.0.0.1",
      port: 0,
      trunkAllow: "127.0.0.1",
      rtpPortMin: 30000,
      rtpPortMax: 39999,
      dataDir: PROMPTS,
      ...cfg,
    }, { db: t.db, pii: t.services.pii, acd: t.services.acd, seats: t.services.seats });
    // Prompts ready before the first caller: the scenarios' timing assumes no render waits.
    await edge.warmUp();
    return {
      t,
      edge,
      target: `127.0.0.1:${edge.port}`,
      async dispose() {
        await edge.stop();
        await t.dispose();
      },
    };
  } catch (error) {
    await t.dispose();
    throw error;
  }
}

/** Polls `fn` until it returns a value (not undefined/null/false) or `ms` pass. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
