import { migrate } from "../db/migrate.ts";
import { openDatabase } from "../db/open.ts";
import type { Database } from "../db/port.ts";
import { createApp } from "./app.ts";
import { CallService } from "./calls/call_service.ts";
import type { Config } from "./config.ts";
import { DemoTraffic } from "./demo/demo_traffic.ts";
import { LiveHub } from "./live/hub.ts";
import { seedDemoCity } from "./seed/seed_demo_city.ts";

export interface System {
  db: Database;
  hub: LiveHub;
  calls: CallService;
  fetch(request: Request): Response | Promise<Response>;
  stop(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo city when asked, and starts the live spine. */
export async function startSystem(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<System> {
  const db = await openDatabase(config);
  let traffic: DemoTraffic | undefined;
  const hub = new LiveHub(db);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log(`数据库迁移 migrations applied: ${applied.join(", ")}`);
    if (config.demoData && await seedDemoCity(db)) log("示范市 demo city created");
    await hub.start();
    const calls = new CallService(db);
    if (config.demoTraffic) {
      traffic = await startDemoTraffic(db, calls);
      log("模拟话务 demo traffic on");
    }
    const app = createApp({ db, hub, heartbeatMs: config.sseHeartbeatMs });
    return {
      db,
      hub,
      calls,
      fetch: app.fetch,
      async stop() {
        traffic?.stop();
        await hub.stop();
        await db.close();
      },
    };
  } catch (error) {
    await hub.stop().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}

async function startDemoTraffic(
  db: Database,
  calls: CallService,
): Promise<DemoTraffic | undefined> {
  const queues = await db.query<{ code: string }>(
    "select code from queues where active order by code",
  );
  const agents = await db.query<{ work_number: string }>(
    "select work_number from agents where active order by work_number",
  );
  if (queues.length === 0 || agents.length === 0) return undefined;
  const traffic = new DemoTraffic({
    calls,
    queues: queues.map((q) => q.code),
    agents: agents.map((a) => a.work_number),
  });
  traffic.start();
  return traffic;
}
