import { Hono } from "hono";
import type { CaseService } from "../server/cases/case_service.ts";
import { AppError } from "../server/errors.ts";
import { minute } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { renderPage } from "./page.tsx";

type Status = Awaited<ReturnType<CaseService["publicStatus"]>>;

/** One message for every miss, as the API: the page must not tell which part was wrong. */
const NOT_FOUND = "工单编号或电话号码不对，请核对后重新查询。";

function Result({ s }: { s: Status }) {
  return (
    <section class="card" data-testid="lookup-result">
      <dl class="facts">
        <dt>工单编号</dt>
        <dd class="num">{s.number}</dd>
        <dt>类型</dt>
        <dd>{s.type}</dd>
        <dt>办理状态</dt>
        <dd>
          <strong>{s.status}</strong>
        </dd>
        <dt>登记时间</dt>
        <dd class="num">{minute(s.registered_at)}</dd>
        {s.closed_at && (
          <>
            <dt>办结时间</dt>
            <dd class="num">{minute(s.closed_at)}</dd>
          </>
        )}
        {s.answer && (
          <>
            <dt>答复</dt>
            <dd>{s.answer}</dd>
          </>
        )}
        {s.reply && (
          <>
            <dt>处理意见</dt>
            <dd>{s.reply.opinion}</dd>
            <dt>承办单位</dt>
            <dd>{s.reply.unit}</dd>
            <dt>答复日期</dt>
            <dd class="num">{s.reply.reply_date}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/**
 * 工单查询 for citizens: no sign-in, a GET form so the address can be bookmarked or read out by
 * the IVR later. The phone digits are never echoed back into the page.
 */
export function caseLookupRoutes(d: { cases: CaseService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/lookup", guard("public"), async (c) => {
    const number = (c.req.query("number") ?? "").trim().slice(0, 32);
    const last4 = (c.req.query("phone_last4") ?? "").trim().slice(0, 32);
    let status: Status | null = null;
    let missed = false;
    if (number || last4) {
      try {
        status = await d.cases.publicStatus(number, last4);
      } catch (e) {
        if (!(e instanceof AppError && e.status === 404)) throw e;
        missed = true;
      }
    }
    return c.html(
      renderPage(
        { title: "工单查询", actor: c.get("actor") },
        <main class="page lookup">
          <h1>12345 工单查询</h1>
          <form method="get" action="/lookup" class="card form-grid">
            <label for="lookup-number">工单编号</label>
            <input
              id="lookup-number"
              name="number"
              value={number}
              inputmode="numeric"
              pattern="[0-9]{8}"
              maxLength={8}
              placeholder="8 位数字"
              required
            />
            <label for="lookup-phone">电话后 4 位</label>
            <input
              id="lookup-phone"
              name="phone_last4"
              inputmode="numeric"
              pattern="[0-9]{4}"
              maxLength={4}
              placeholder="登记时所留电话号码的后 4 位"
              autocomplete="off"
              required
            />
            <span />
            <button class="btn" type="submit">查询</button>
          </form>
          {missed && <p class="notice error" role="alert" data-testid="lookup-miss">{NOT_FOUND}</p>}
          {status && <Result s={status} />}
          <p class="muted">工单编号见受理短信或来电时话务员的告知。如有疑问请拨打 12345。</p>
        </main>,
      ),
      missed ? 404 : 200,
    );
  });
  return app;
}
