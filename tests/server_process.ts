/** A real server process (the start command) on a free port, for multi-process and crash tests. */
import { TEST_KEYS } from "./harness.ts";

const ROOT = new URL("../", import.meta.url);

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

export interface ServerProcess {
  base: string;
  port: number;
  child: Deno.ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash. */
  crash(): Promise<void>;
  stop(): Promise<Deno.CommandStatus>;
}

export async function startServer(
  env: Record<string, string>,
  port = freePort(),
): Promise<ServerProcess> {
  const dataDir = await Deno.makeTempDir({ prefix: "hotline-proc-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts"],
    cwd: ROOT,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_TRAFFIC: "off",
      DEMO_DATA: "off",
      PII_KEYS: TEST_KEYS.piiKeys,
      PII_HASH_KEY: TEST_KEYS.piiHashKey,
      ...env,
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    await res?.body?.cancel();
    if (res?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("server did not become healthy in 30 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const cleanup = () => Deno.remove(dataDir, { recursive: true }).catch(() => {});
  return {
    base,
    port,
    child,
    async crash() {
      child.kill("SIGKILL");
      await child.status;
      await cleanup();
    },
    async stop() {
      child.kill("SIGTERM");
      const status = await child.status;
      await cleanup();
      return status;
    },
  };
}
