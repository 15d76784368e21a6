import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { Database } from "../db/port.ts";
import { accountRoutes } from "../routes/account_page.tsx";
import { acdRoutes } from "../routes/acd_api.ts";
import { adminOrgRoutes } from "../routes/admin_org.tsx";
import { adminQueueRoutes } from "../routes/admin_queues.tsx";
import { adminThresholdRoutes } from "../routes/admin_thresholds.tsx";
import { adminIvrRoutes } from "../routes/admin_ivr.tsx";
import { adminConsultContactRoutes } from "../routes/admin_consult_contacts.tsx";
import { adminRoutingRoutes } from "../routes/admin_routing.tsx";
import { adminRoleRoutes } from "../routes/admin_roles.tsx";
import { adminUserRoutes } from "../routes/admin_users.tsx";
import { auditRoutes } from "../routes/audit_routes.tsx";
import { callPageRoutes } from "../routes/call_page.tsx";
import { callChatRoutes } from "../routes/call_chat_api.ts";
import { callChatPageRoutes } from "../routes/call_chat_page.tsx";
import { casePageRoutes } from "../routes/case_pages.tsx";
import { caseApiRoutes } from "../routes/cases_api.ts";
import { caseDetailRoutes } from "../routes/case_detail_page.tsx";
import { caseIntakeRoutes } from "../routes/case_intake_page.tsx";
import type { AppEnv } from "../routes/context.ts";
import { eventsRoutes } from "../routes/events_sse.ts";
import { healthRoutes } from "../routes/healthz.ts";
import { hotspotApiRoutes } from "../routes/hotspots_api.ts";
import { hotspotPageRoutes } from "../routes/hotspots.tsx";
import { knowledgeRoutes } from "../routes/knowledge.tsx";
import { loginRoutes } from "../routes/login_page.tsx";
import { mediaRoutes } from "../routes/media_api.ts";
import { csrfMiddleware } from "../routes/middleware/csrf.ts";
import { type CookieSettings, sessionMiddleware } from "../routes/middleware/session.ts";
import { overviewRoutes } from "../routes/overview.tsx";
import { reportRoutes } from "../routes/reports.tsx";
import { reportExportRoutes } from "../routes/report_exports.ts";
import { annualSummaryRoutes } from "../routes/report_annual_page.tsx";
import { recordingRoutes } from "../routes/recordings.ts";
import { sessionApiRoutes } from "../routes/session_api.ts";
import { staticRoutes } from "../routes/static_files.ts";
import { supervisorRoutes } from "../routes/supervisor.tsx";
import { wallRoutes } from "../routes/wall.tsx";
import { AppError } from "./errors.ts";
import type { LiveHub } from "./live/hub.ts";
import type { Services } from "./services.ts";
import type { MediaLayer } from "../telephony/media_layer.ts";
import type { PhoneCallbacks } from "../telephony/sip/callback_queue.ts";
import { phoneCallbackRoutes } from "../routes/phone_callback_api.ts";
import { seatCallRoutes, type SeatCalls } from "../routes/seat_calls_api.ts";
import { seatConsultRoutes } from "../routes/seat_consult_api.ts";
import type { SeatConsults } from "../telephony/seat_consult.ts";

export interface AppDeps {
  db: Database;
  hub: LiveHub;
  services: Services;
  heartbeatMs: number;
  cookies: CookieSettings;
  /** The media layer (telephony/); without it the media routes answer 503. */
  media?: MediaLayer;
  /** Phone callbacks through the SIP edge; without them the route answers 503. */
  phoneCallbacks?: PhoneCallbacks;
  /** The seat's outbound calls and consultations through the trunk; without them 503. */
  seatCalls?: SeatCalls;
  /** 内部咨询 (consulting another seat); without it the route answers 503. */
  seatConsults?: SeatConsults;
}

/** Constraint violations are the client's mistake (a bad reference, a duplicate), not ours. */
const CONSTRAINT_ERRORS: Record<string, string> = {
  "23502": "缺少必填项 (a required value is missing)",
  "23503": "引用的对象不存在 (a referenced object does not exist)",
  "23505": "已存在相同的记录 (a record with this key exists)",
  "23514": "数据不符合规则 (a value breaks a rule)",
  "22P02": "数据格式错误 (malformed value)",
};

/** The whole HTTP surface, composed from thin route modules over injected services. */
export function createApp(
  { db, hub, services, heartbeatMs, cookies, media, phoneCallbacks, seatCalls, seatConsults }:
    AppDeps,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // chart.js sizes its canvas through style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: "same-origin",
  }));
  const smallBodies = bodyLimit({
    maxSize: 256 * 1024,
    onError: () => {
      throw new AppError(413, "too_large", "请求内容过大 (request body over 256 KiB)");
    },
  });
  // Case attachments (photos, scanned decisions) are the one place for larger bodies.
  const uploads = bodyLimit({
    maxSize: 6 * 1024 * 1024,
    onError: () => {
      throw new AppError(413, "too_large", "附件过大 (attachments up to 5 MB)");
    },
  });
  app.use((c, next) =>
    (/^\/api\/cases\/\d{8}\/attachments$/.test(c.req.path) ? uploads : smallBodies)(c, next)
  );
  app.use(sessionMiddleware(services.sessions, cookies));
  app.use(async (c, next) => {
    if (c.get("actor")) return await next();
    const wait = services.publicLimiter.take(c.get("origin").ip ?? "unknown");
    if (wait > 0) {
      throw new AppError(
        429,
        "rate_limited",
        `请求过于频繁，请 ${wait} 秒后再试 (too many requests)`,
      );
    }
    await next();
  });
  app.use(csrfMiddleware());

  const deps = { db, hub, heartbeatMs, cookies, media, phoneCallbacks, ...services };
  app.route("/healthz", healthRoutes(deps));
  app.route("/static", staticRoutes());
  app.route("/api/session", sessionApiRoutes(deps));
  app.route("/api/events", eventsRoutes(deps));
  app.route("/", loginRoutes(deps));
  app.route("/", accountRoutes(deps));
  app.route("/", auditRoutes(deps));
  // Before the case API: its /api/cases/:number would catch /api/cases/suggest.
  app.route("/", caseIntakeRoutes(deps));
  app.route("/", caseApiRoutes(deps));
  app.route("/", phoneCallbackRoutes(deps));
  app.route("/", seatCallRoutes({ seatCalls, consultContacts: services.consultContacts }));
  app.route("/", seatConsultRoutes({ seatConsults }));
  app.route("/", casePageRoutes(deps));
  app.route("/", knowledgeRoutes(deps));
  app.route("/", hotspotApiRoutes(deps));
  app.route("/", hotspotPageRoutes(deps));
  app.route("/", reportRoutes(deps));
  app.route("/", reportExportRoutes(deps));
  app.route("/", annualSummaryRoutes(deps));
  app.route("/", acdRoutes(deps));
  app.route("/", mediaRoutes(deps));
  app.route("/", callPageRoutes(deps));
  app.route("/", callChatRoutes(deps));
  app.route("/", callChatPageRoutes(deps));
  app.route("/", recordingRoutes(deps));
  app.route("/", wallRoutes(deps));
  app.route("/", supervisorRoutes(deps));
  app.route("/admin/users", adminUserRoutes(deps));
  app.route("/admin", adminOrgRoutes(deps));
  app.route("/admin", adminRoleRoutes());
  app.route("/admin", adminQueueRoutes(deps));
  app.route("/admin", adminThresholdRoutes(deps));
  app.route("/admin", adminIvrRoutes(deps));
  app.route("/admin", adminConsultContactRoutes(deps));
  app.route("/admin", adminRoutingRoutes(deps));
  // Last of the /cases/… pages: its :number would otherwise catch /cases/tasks and the like.
  app.route("/", caseDetailRoutes(deps));
  app.route("/", overviewRoutes(deps));

  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404)
  );
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json(
        { error: { code: error.code, message: error.message, issues: error.issues } },
        error.status,
      );
    }
    const code = (error as { code?: string }).code;
    if (code && code in CONSTRAINT_ERRORS) {
      return c.json({ error: { code: "constraint", message: CONSTRAINT_ERRORS[code] } }, 422);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json(
      { error: { code: "internal", message: "内部错误，请稍后重试 (internal error)" } },
      500,
    );
  });
  return app;
}
