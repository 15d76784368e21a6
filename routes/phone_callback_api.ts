import { Hono } from "hono";
import { z } from "zod";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { PhoneCallbacks } from "../telephony/sip/callback_queue.ts";
import { caseActor, numberOf } from "./cases_api.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const NoBody = z.object({}).strict();

/**
 * 电话回访: who may do a case's callback step may have the edge call the citizen instead. The
 * request is queued (202); the calls, their retries and results are the queue's business.
 */
export function phoneCallbackRoutes({ phoneCallbacks }: { phoneCallbacks?: PhoneCallbacks }) {
  const app = new Hono<AppEnv>();
  const port = () => {
    if (!phoneCallbacks?.enabled()) {
      throw new AppError(
        503,
        "no_outbound_trunk",
        "未配置外呼中继或电话中继未启动，无法电话回访 (SIP_TRUNK_OUTBOUND)",
      );
    }
    return phoneCallbacks;
  };
  app.post("/api/cases/:number/phone-callback", guard("cases.callback"), async (c) => {
    const n = numberOf(c);
    // No options: an empty body or {} (anything else is a client's mistake, told as such).
    const text = (await c.req.text()).trim();
    let body: unknown = {};
    try {
      if (text !== "") body = JSON.parse(text);
    } catch {
      body = text;
    }
    parseOrThrow(NoBody, body, "phone callback");
    return c.json(await port().request(caseActor(c), n), 202);
  });
  app.get("/api/cases/:number/phone-callback", guard("cases.callback"), async (c) => {
    const n = numberOf(c);
    const status = phoneCallbacks ? await phoneCallbacks.status(n) : null;
    return c.json({ enabled: phoneCallbacks?.enabled() ?? false, request: status });
  });
  return app;
}
