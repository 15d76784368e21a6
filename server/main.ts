/**
 * The start command: serves at once (503 "starting" until ready), builds the islands, opens the
 * database (embedded PGlite unless DATABASE_URL), migrates, seeds the demo city, starts the spine.
 */
import { buildIslands } from "./build_islands.ts";
import { configFromEnvOrExit } from "./config.ts";
import { startSystem, type System } from "./system.ts";

const config = configFromEnvOrExit();

const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
let system: System | undefined;
let failure: string | undefined;

const starting = () =>
  new Response(
    JSON.stringify({ ok: false, status: failure ? "failed" : "starting", error: failure }),
    { status: 503, headers: { "content-type": "application/json", "retry-after": "1" } },
  );

const server = Deno.serve({
  hostname: config.host,
  port: config.port,
  onListen: ({ hostname, port }) => {
    log(
      `12345 热线实时平台 listening on http://${hostname}:${port}/ (wall screen: http://${hostname}:${port}/wall)`,
    );
  },
}, (request) => system ? system.fetch(request) : starting());

try {
  const [ready] = await Promise.all([
    startSystem(config, log),
    buildIslands(),
  ]);
  system = ready;
  log(
    `ready: database ${config.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${config.dataDir}`}`,
  );
} catch (error) {
  failure = (error as Error).message;
  console.error(`12345 hotline failed to start: ${failure}`);
  await server.shutdown();
  Deno.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    log(`${signal}: stopping`);
    // The hub ends the event streams first: open streams would otherwise hold the shutdown.
    await system?.stop();
    await server.shutdown();
    Deno.exit(0);
  });
}
