import { Hono } from "hono";
import type { Database } from "../db/port.ts";
import CaseActions from "../islands/CaseActions.tsx";
import { formatDateTime } from "../islands/format.ts";
import { can } from "../server/auth/permissions.ts";
import type { CaseDetail } from "../server/cases/case_detail.ts";
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  LIGHT_NAMES,
  PRIORITY_NAMES,
  SATISFACTION_NAMES,
  TYPE_NAMES,
} from "../server/cases/case_labels.ts";
import type { CaseService } from "../server/cases/case_service.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";
import { Island } from "./island.tsx";
import { renderPage } from "./page.tsx";
import { canHotline, numberOf } from "./cases_api.ts";
import type { CallbackRequestView, PhoneCallbacks } from "../telephony/sip/callback_queue.ts";

const OUTCOME_NAMES = {
  answered: "已接通作答",
  unreached: "多次未接通",
  cancelled: "已取消（工单状态已变）",
  failed: "号码无法呼叫",
};

/** The island's line about the latest phone callback of the case. */
function phoneCallbackSummary(r: CallbackRequestView | null) {
  if (!r) return { running: false, text: "" };
  const placed = r.attempts.filter((a) => a.started_at !== null).length;
  if (r.state === "done") {
    return {
      running: false,
      text: `上次电话回访：${OUTCOME_NAMES[r.outcome!]}（共拨 ${placed} 次）`,
    };
  }
  const next = r.attempts.find((a) => a.started_at === null);
  return {
    running: true,
    text: next
      ? `电话回访已安排：第 ${next.attempt}/${r.max_attempts} 次，${
        formatDateTime(next.due_at)
      } 拨出`
      : `电话回访正在拨打：第 ${placed}/${r.max_attempts} 次`,
  };
}

type Row = Record<string, unknown>;
const when = (v: unknown) => (v ? formatDateTime(v as string) : "—");
const text = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));

function Field({ label, children }: { label: string; children: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children as string}</dd>
    </>
  );
}

function History({ events }: { events: Row[] }) {
  return (
    <table class="grid" data-testid="case-history">
      <thead>
        <tr>
          <th>时间</th>
          <th>环节</th>
          <th>操作人</th>
          <th>单位</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const data = e.data as Row;
          const note = data.reason ?? data.note ?? data.into ?? data.from ?? "";
          return (
            <tr key={String(e.id)}>
              <td>{when(e.at)}</td>
              <td>{EVENT_NAMES[String(e.kind)] ?? String(e.kind)}</td>
              <td>{text(e.actor)}</td>
              <td>{text(e.department_name)}</td>
              <td>{String(note)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Replies({ c }: { c: CaseDetail }) {
  const replies = c.replies as Row[];
  if (replies.length === 0) return null;
  return (
    <section>
      <h2>办结回复</h2>
      {replies.map((r) => (
        <article key={String(r.id)} class="card reply" data-testid="case-reply">
          <h3>关于市民反映问题调查处理情况的报告</h3>
          <dl class="fields">
            <Field label="调查人">{text(r.investigator)}</Field>
            <Field label="调查时间">{text(String(r.investigated_on).slice(0, 10))}</Field>
            <Field label="调查情况">{text(r.findings)}</Field>
            <Field label="法律政策依据">{text(r.legal_basis)}</Field>
            <Field label="处理意见">{text(r.opinion)}</Field>
            <Field label="承办人 / 审核人">{`${r.handler} / ${r.reviewer}`}</Field>
            <Field label="承办单位 / 日期">
              {`${r.unit} / ${String(r.reply_date).slice(0, 10)}`}
            </Field>
            <Field label="热线审核">
              {r.review === "accepted"
                ? "通过"
                : r.review === "sent_back"
                ? `退回：${text(r.review_note)}`
                : "待审核"}
            </Field>
          </dl>
          <ul class="plain">
            {(c.attachments as Row[]).filter((a) => a.reply_id === r.id).map((a) => (
              <li key={String(a.id)}>
                附件：<a href={`/api/cases/${c.case_number}/attachments/${a.id}`}>
                  {String(a.file_name)}
                </a>
                <small class="muted">（{Math.ceil(Number(a.size) / 1024)} KB）</small>
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

/** One case: what the citizen asked, where it stands, its papers and history, and the next steps. */
export function caseDetailRoutes(
  d: { db: Database; cases: CaseService; phoneCallbacks?: PhoneCallbacks },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/cases/:number", guard("cases.read"), async (c) => {
    const actor = c.get("actor")!;
    const n = numberOf(c);
    const k = await d.cases.detail(actor, n, canHotline(actor));
    const departments = k.steps.some((s) => s === "dispatch" || s === "reroute")
      ? await d.db.query<{ id: number; name: string }>(
        "select id, name from departments where active order by kind, code",
      )
      : [];
    // 电话回访: offered where the callback step is, the edge can call out and there is a number.
    const phoneCallback = k.steps.includes("callback") && k.citizen_phone !== null &&
        can(actor.roles, "cases.callback") && d.phoneCallbacks?.enabled()
      ? { status: await d.phoneCallbacks.status(n) }
      : null;
    return c.html(renderPage(
      { title: `工单 ${n}`, actor },
      <main class="page case-page">
        <h1>
          工单 <span data-testid="case-number">{n}</span>{" "}
          <span class={`status status-${k.status}`} data-testid="case-status">{k.status_name}</span>
          {" "}
          {k.light && (
            <span class={`light light-${k.light}`} data-testid="case-light">
              {LIGHT_NAMES[k.light]}
            </span>
          )}
        </h1>
        <section class="card">
          <dl class="fields">
            <Field label="类型 / 渠道 / 紧急程度">
              {`${TYPE_NAMES[k.type]} / ${CHANNEL_NAMES[k.channel]} / ${
                PRIORITY_NAMES[k.priority]
              }${k.confidential ? " / 保密" : ""}`}
            </Field>
            <Field label="诉求内容">{k.content}</Field>
            <Field label="分类">{text(k.category_path)}</Field>
            <Field label="地点">
              {[k.district_name, k.street_name, k.address].filter(Boolean).join(" ") || "—"}
            </Field>
            <Field label="市民">{`${text(k.citizen_name)} ${text(k.citizen_phone)}`}</Field>
            {k.contacts.length > 0 && (
              <Field label="并单联系人">
                {k.contacts.map((x) => `${text(x.name)} ${text(x.phone)}（${x.from_case}）`).join(
                  "；",
                )}
              </Field>
            )}
            <Field label="主办单位">{text(k.lead_department_name)}</Field>
            <Field label="协办单位">
              {(k.assisting_departments as { name: string }[]).map((x) => x.name).join("、") || "—"}
            </Field>
            <Field label="登记时间">{when(k.created_at)}</Field>
            <Field label="签收时限 / 签收时间">
              {`${when(k.sign_due_at)} / ${when(k.signed_at)}`}
            </Field>
            <Field label="办理时限">{when(k.due_at)}</Field>
            {k.answer && <Field label="直接答复">{k.answer}</Field>}
            {k.satisfaction && (
              <Field label="回访结果">
                {`${SATISFACTION_NAMES[k.satisfaction]}，${k.resolved ? "已解决" : "未解决"}`}
              </Field>
            )}
            {k.merged_into && <Field label="已并入">{k.merged_into as string}</Field>}
            <Field label="关联通话">
              {k.calls.length === 0 && "—"}
              {k.calls.map((x) => (
                <span key={x.id} class="call-ref">
                  {`#${x.id} ${text(x.caller_number)} ${when(x.offered_at)} `}
                  {x.recording_url && can(actor.roles, "recordings.play")
                    ? <a href={x.recording_url} data-testid="recording-link">调听录音</a>
                    : x.recording_url
                    ? "（有录音）"
                    : "（无录音）"}
                  {x.chat_messages > 0 && (
                    <a href={`/cases/${n}/calls/${x.id}/chat`} data-testid="chat-link">
                      {` 文字交流记录（${x.chat_messages} 条）`}
                    </a>
                  )}
                  {"；"}
                </span>
              ))}
            </Field>
          </dl>
        </section>
        <Island
          name="CaseActions"
          component={CaseActions}
          props={{
            csrf: actor.csrf,
            number: n,
            steps: k.steps,
            departments,
            canReveal: can(actor.roles, "pii.reveal") && k.citizen_phone !== null,
            openRequest: (k.requests as Row[]).find((r) => r.decision === null) as never ?? null,
            phoneCallback: phoneCallback && phoneCallbackSummary(phoneCallback.status),
          }}
        />
        <Replies c={k} />
        <h2>办理记录</h2>
        <History events={k.events as Row[]} />
      </main>,
    ));
  });
  return app;
}
