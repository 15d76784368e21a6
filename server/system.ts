import { migrate } from "../db/migrate.ts";
import { openDatabase } from "../db/open.ts";
import type { Database } from "../db/port.ts";
import { createApp } from "./app.ts";
import { AcdEngine } from "./acd/acd_engine.ts";
import { purgeAudit } from "./audit/audit_retention.ts";
import { ensureFirstAdmin } from "./auth/bootstrap.ts";
import type { Config } from "./config.ts";
import { DemoTraffic } from "./demo/demo_traffic.ts";
import { LiveHub } from "./live/hub.ts";
import { loadOrCreateKeyFile } from "./privacy/key_file.ts";
import { seedDemoCity } from "./seed/seed_demo_city.ts";
import { seedDemoRouting } from "./seed/demo_routing.ts";
import { seedDemoConsultContacts } from "./seed/demo_consult_contacts.ts";
import { seedDemoKnowledge } from "./seed/demo_knowledge.ts";
import { seedDemoUsers } from "./seed/demo_users.ts";
import { seedDemoCases } from "./seed/demo_cases.ts";
import { CaseService } from "./cases/case_service.ts";
import { startKeywordJob } from "./hotspots/keyword_schedule.ts";
import { createServices, type Services } from "./services.ts";
import { MediaLayer } from "../telephony/media_layer.ts";
import { type EdgeHandle, startSipEdge } from "../telephony/sip/edge_start.ts";
import { CallbackQueue, type PhoneCallbacks } from "../telephony/sip/callback_queue.ts";
import { Consults } from "../telephony/consult.ts";
import { SeatDialer } from "../telephony/seat_dialer.ts";
import { SeatConsults } from "../telephony/seat_consult.ts";
import {
  type CallbackScheduler,
  startCallbackScheduler,
} from "../telephony/sip/callback_scheduler.ts";

export interface System {
  db: Database;
  hub: LiveHub;
  services: Services;
  media: MediaLayer;
  fetch(request: Request): Response | Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates, creates the first admin and (when asked) the demo city and its
 * users, and starts the live spine and the demo traffic.
 */
export async function startSystem(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<System> {
  const db = await openDatabase(config);
  let traffic: DemoTraffic | undefined;
  let retention: ReturnType<typeof setInterval> | undefined;
  let engine: AcdEngine | undefined;
  let alarmTimer: ReturnType<typeof setInterval> | undefined;
  let caseTimer: ReturnType<typeof setInterval> | undefined;
  let stopHotspots: (() => void) | undefined;
  let media: MediaLayer | undefined;
  let sip: EdgeHandle | undefined;
  let callbacks: CallbackScheduler | undefined;
  const hub = new LiveHub(db);
  try {
    const keys = config.piiKeys
      ? { spec: config.piiKeys, hashKey: config.piiHashKey! }
      : await loadOrCreateKeyFile(config.dataDir);
    if ("created" in keys && keys.created) {
      log(`个人信息加密密钥 PII key file created in ${config.dataDir}/pii_keys.json`);
    }
    const services = await createServices(db, {
      piiKeys: keys.spec,
      piiHashKey: keys.hashKey,
      sessionPolicy: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs },
      signInPerMinute: config.signInPerMinute,
    });
    const applied = await migrate(db);
    if (applied.length > 0) log(`数据库迁移 migrations applied: ${applied.join(", ")}`);
    const admin = await ensureFirstAdmin(db, config.adminPassword);
    if (admin?.oneTimePassword) {
      log(
        `首个管理员 first admin created: work number "admin", one-time password ${admin.oneTimePassword} (shown once; change it at first sign-in)`,
      );
    } else if (admin) {
      log(`首个管理员 first admin created: work number "admin" with ADMIN_PASSWORD`);
    }
    if (config.demoData) {
      if (await seedDemoCity(db)) log("示范市 demo city created");
      if (await seedDemoUsers(db)) log("demo users created (see README; demo use only)");
      if (await seedDemoKnowledge(db)) log("知识库 demo knowledge base created");
      if (await seedDemoRouting(db)) log("派单目录 demo routing list created");
      if (await seedDemoConsultContacts(db)) log("三方通话 demo consult contacts created");
      const demoCases = await seedDemoCases(
        db,
        (now) => new CaseService(db, services.pii, now),
        services.routing,
      );
      if (demoCases > 0) log(`工单 ${demoCases} demo cases of the last three weeks created`);
    }
    await hub.start();
    engine = new AcdEngine(services.acd, hub);
    engine.start();
    const purge = () =>
      purgeAudit(db, config.auditRetentionDays)
        .then(({ purged }) =>
          purged > 0 &&
          log(
            `审计日志保留 audit retention: ${purged} records past ${config.auditRetentionDays} days purged`,
          )
        )
        .catch((error) => console.error("audit retention failed:", error));
    await purge();
    retention = setInterval(purge, 24 * 3_600_000);
    // Threshold alarms: every process checks; the open-alarm index keeps them single.
    alarmTimer = setInterval(
      () => services.alarms.sync().catch((e) => console.error("alarms:", e.message)),
      5000,
    );
    // Reminder rounds at the operator's times, and the overdue counts the wall shows.
    const caseClock = () =>
      services.cases.runReminderRound()
        .then((n) => n && log(`催办 reminder round: ${n} cases reminded`))
        .then(() => services.cases.deadlines.publish())
        .catch((e) => console.error("case deadlines:", e.message));
    caseTimer = setInterval(caseClock, 30_000);
    caseClock();
    // Hotspot keywords of new and imported cases (server/hotspots/keyword_job.ts).
    stopHotspots = startKeywordJob(db, hub, log);
    if (config.demoTraffic) {
      traffic = await startDemoTraffic(db, services, hub);
      if (traffic) log("模拟话务 demo traffic on");
    }
    // In the background: the dashboards serve now; /healthz says when the media layer is up (it
    // may first build its worker, which takes minutes on a fresh machine).
    media = new MediaLayer({
      db,
      hub,
      acd: services.acd,
      seats: services.seats,
      config: config.media,
      dataDir: config.dataDir,
      log,
    });
    media.start();
    // The phone trunk, in the background too: it binds its port and renders the menu's prompts.
    sip = startSipEdge({
      config: config.sip,
      dataDir: config.dataDir,
      db,
      pii: services.pii,
      acd: services.acd,
      seats: services.seats,
      // Callers who ask for a person talk to the agent's browser seat through the media layer.
      media: { layer: media, config: config.media },
      log,
    });
    const edge = sip;
    // Phone callbacks (回访) the hotline asks for: rows in the database, placed by this process
    // while its edge is bound with an outbound trunk (telephony/sip/callback_queue.ts).
    const callbackQueue = new CallbackQueue(db, config.sip.callbackPolicy);
    const canCallOut = () => edge.edge?.canCallOut ?? false;
    const phoneCallbacks: PhoneCallbacks = {
      enabled: canCallOut,
      request: (who, n) => callbackQueue.request(who, n),
      status: (n) => callbackQueue.status(n),
    };
    callbacks = startCallbackScheduler({
      queue: callbackQueue,
      dial: (n, attempt) => edge.edge!.callback(n, attempt),
      ready: canCallOut,
    });
    const scheduler = callbacks;
    // The seat's own calls through the same trunk: 外呼回拨 and 三方通话 (telephony/seat_dialer.ts,
    // telephony/consult.ts); they need the edge bound with an outbound trunk and the media layer.
    const trunk = () => edge.edge?.trunk();
    const dialer = new SeatDialer({ ...services, db, hub, media, trunk });
    const consults = new Consults({
      db,
      acd: services.acd,
      hub,
      media,
      outbound: dialer.calls,
      trunk,
    });
    // 内部咨询: another seat consulted during a call (media only, no trunk needed).
    const seatConsults = new SeatConsults({ db, acd: services.acd, hub, media, pii: services.pii });
    const app = createApp({
      db,
      hub,
      services,
      heartbeatMs: config.sseHeartbeatMs,
      cookies: { secure: config.cookieSecure, trustProxy: config.trustProxy },
      media,
      phoneCallbacks,
      seatCalls: { dialer, consults },
      seatConsults,
    });
    const started = media;
    return {
      db,
      hub,
      services,
      media: started,
      fetch: app.fetch,
      async stop() {
        clearInterval(retention);
        clearInterval(alarmTimer);
        clearInterval(caseTimer);
        stopHotspots?.();
        // A callback mid-call does not hold the shutdown: its row is found interrupted later.
        const draining = scheduler.stop();
        consults.stop();
        seatConsults.stop();
        await dialer.stop();
        await edge.stop();
        let wait: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([draining, new Promise((r) => wait = setTimeout(r, 3000))]);
        clearTimeout(wait);
        await started.stop();
        traffic?.stop();
        await engine?.stop();
        await hub.stop();
        await db.close();
      },
    };
  } catch (error) {
    clearInterval(retention);
    clearInterval(alarmTimer);
    clearInterval(caseTimer);
    stopHotspots?.();
    await callbacks?.stop().catch(() => {});
    await sip?.stop().catch(() => {});
    await media?.stop().catch(() => {});
    await engine?.stop();
    await hub.stop().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}

async function startDemoTraffic(
  db: Database,
  services: Services,
  hub: LiveHub,
): Promise<DemoTraffic | undefined> {
  const agents = await db.query<{ work_number: string }>(
    // A seat a person signs in to (the demo agent 1001) is theirs: the simulation leaves it alone.
    `select work_number from agents where active and work_number not in
       (select work_number from users where 'agent' = any(roles)) order by work_number`,
  );
  if (agents.length === 0) return undefined;
  const traffic = new DemoTraffic({
    acd: services.acd,
    seats: services.seats,
    hub,
    agents: agents.map((a) => a.work_number),
  });
  await traffic.start();
  return traffic;
}
