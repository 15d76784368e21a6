/**
 * Setting up the ACD load bench: the database (migrated, demo city, extra agents with skills,
 * queue settings), every seat logged in through SeatActions, and the server process.
 */
import { migrate } from "../db/migrate.ts";
import type { Database } from "../db/port.ts";
import type { SeatActions } from "../server/acd/seat_actions.ts";
import { seedDemoCity } from "../server/seed/seed_demo_city.ts";
import { TEST_KEYS } from "../tests/harness.ts";
import { freePort, waitFor } from "./common.ts";

const ROOT = new URL("../", import.meta.url);

/**
 * Migrates, seeds the demo city (48 agents) and adds `extra` agents b00001…: every one has the
 * `general` skill, three in four also one of business/english/complaint (levels 1..10, fixed).
 * The `agents_seat` trigger gives each a logged-out seat. Returns every work number.
 */
export async function prepareDatabase(db: Database, extra: number): Promise<string[]> {
  await migrate(db);
  await seedDemoCity(db);
  await db.query(
    `insert into agents (work_number, name, group_code)
     select 'b' || lpad(i::text, 5, '0'), '压测坐席' || i, (array['team1', 'team2', 'team3'])[1 + i % 3]
     from generate_series(1, $1::int) as i`,
    [extra],
  );
  await db.query(
    `insert into agent_skills (agent_id, skill_code, level)
     select a.id, s.skill, 1 + (a.id * 7 + length(s.skill)) % 10
     from agents a
     cross join lateral (values ('general'),
       ((array[null, 'business', 'english', 'complaint'])[1 + a.id % 4])) as s(skill)
     where a.work_number like 'b%' and s.skill is not null`,
  );
  // Calls are answered at once and hung up by the bench: no after-call work, rings time out late.
  await db.query("update queues set wrap_up_seconds = 0, ring_timeout_seconds = 20");
  const rows = await db.query<{ work_number: string }>(
    "select work_number from agents where active order by id",
  );
  return rows.map((r) => r.work_number);
}

/** Logs every seat in (ready) through the service, `concurrency` transactions at a time. */
export async function loginAll(
  seats: SeatActions,
  workNumbers: readonly string[],
  concurrency = 8,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < workNumbers.length) {
      await seats.agent(null, workNumbers[next++], { type: "login" });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export interface Server {
  child: Deno.ChildProcess;
  base: string;
  /** stdout and stderr lines, for errors such as "ACD routing failed". */
  log: string[];
}

/**
 * `server/main.ts` as its own process, like tests/server_process.ts's startServer() but with its
 * output kept (the engine reports routing failures only there) and the first admin's password.
 */
export async function spawnServer(
  databaseUrl: string,
  dataDir: string,
  adminPassword: string,
): Promise<Server> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts"],
    cwd: ROOT,
    env: {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: adminPassword,
      DEMO_TRAFFIC: "off",
      DEMO_DATA: "off",
      PII_KEYS: TEST_KEYS.piiKeys,
      PII_HASH_KEY: TEST_KEYS.piiHashKey,
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    (async () => {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        log.push(...chunk.split("\n").filter((l) => l !== ""));
      }
    })().catch(() => {});
  }
  const base = `http://127.0.0.1:${port}`;
  const healthy = () => fetch(`${base}/healthz`).then((r) => (r.body?.cancel(), r.ok), () => false);
  await waitFor("/healthz 200", 60_000, healthy);
  return { child, base, log };
}

/** Signs in as the first admin; returns the cookie header. */
export async function signInAdmin(base: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ work_number: "admin", password }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  await res.body?.cancel();
  if (!res.ok || !cookie) throw new Error(`sign-in failed: status ${res.status}`);
  return cookie;
}
