import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { IntakeOptions } from "../server/cases/intake_options.ts";
import { api } from "./api.ts";
import { CallerHistory } from "./CallerHistory.tsx";
import { KbAnswers } from "./KbAnswers.tsx";
import { onSeatCall, type SeatCall } from "./seat_call_event.ts";

export interface IntakeProps extends IntakeOptions {
  csrf: string;
  /** The call being answered at the seat; null for an operator typing in a letter or an email. */
  call: SeatCall | null;
  canReadKb: boolean;
}

interface Suggestion {
  category_id: number;
  path: string;
  lead_department_id: number;
  department_name: string;
  matched: string[];
}

const TYPES = [
  ["complaint", "投诉"],
  ["consultation", "咨询"],
  ["report", "举报"],
  [
    "suggestion",
    "建议",
  ],
  ["help", "求助"],
  ["praise", "表扬"],
];
const CHANNELS = [
  ["web", "网站"],
  ["email", "电子邮件"],
  ["letter", "信件"],
  ["fax", "传真"],
  [
    "sms",
    "短信",
  ],
  ["app", "移动应用"],
  ["voicemail", "语音信箱"],
  ["phone", "电话"],
];

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** The one intake form: at the seat during a call, or an operator entering a written contact. */
export default function CaseIntake(props: IntakeProps) {
  /** The call on the seat: the one the page was rendered with, or one that came on since. */
  const call = useSignal(props.call);
  const f = {
    type: useSignal("complaint"),
    // A call at the seat keeps its own channel: a phone call, or a citizen calling from the website.
    channel: useSignal(props.call ? (props.call.channel === "web" ? "web" : "phone") : "web"),
    content: useSignal(""),
    category: useSignal(""),
    district: useSignal(""),
    street: useSignal(""),
    address: useSignal(""),
    name: useSignal(""),
    phone: useSignal(""),
    confidential: useSignal(false),
    priority: useSignal("normal"),
    lead: useSignal(""),
    assisting: useSignal<string[]>([]),
    outcome: useSignal("dispatch"),
    answer: useSignal(""),
    article: useSignal<number | null>(null),
  };
  const suggestions = useSignal<Suggestion[]>([]);
  const error = useSignal("");
  const created = useSignal<{ number: string; status: string } | null>(null);
  const busy = useSignal(false);

  useEffect(() =>
    onSeatCall((next) => {
      if (next.id === call.value?.id) return;
      call.value = next;
      f.channel.value = next.channel === "web" ? "web" : "phone";
      created.value = null;
    }), []);

  // Suggestions follow the text, a moment after the agent stops typing.
  useEffect(() => {
    const text = f.content.value.trim();
    if (text.length < 4) return void (suggestions.value = []);
    const timer = setTimeout(async () => {
      const r = await api<{ suggestions: Suggestion[] }>(
        "GET",
        `/api/cases/suggest?text=${encodeURIComponent(text)}`,
        props.csrf,
      );
      if (r.ok) suggestions.value = r.data!.suggestions;
    }, 400);
    return () => clearTimeout(timer);
  }, [f.content.value]);

  const pick = (s: Suggestion) => {
    f.category.value = String(s.category_id);
    f.lead.value = String(s.lead_department_id);
  };
  const streets = props.districts.find((d) => d.code === f.district.value)?.streets ?? [];
  const opt = (s: string) => (s === "" ? null : s);

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = "";
    const body = {
      type: f.type.value,
      channel: f.channel.value,
      content: f.content.value,
      category_id: f.category.value ? Number(f.category.value) : null,
      district_code: opt(f.district.value),
      street_code: opt(f.street.value),
      address: opt(f.address.value.trim()),
      citizen_name: opt(f.name.value.trim()),
      citizen_phone: call.value ? null : opt(f.phone.value.trim()),
      confidential: f.confidential.value,
      priority: f.priority.value,
      call_id: call.value?.id ?? null,
      outcome: f.outcome.value,
      answer: f.outcome.value === "answered" ? f.answer.value : null,
      lead_department_id: f.lead.value ? Number(f.lead.value) : null,
      assisting_department_ids: f.assisting.value.map(Number),
    };
    const r = await api<{ case_number: string; status_name: string }>(
      "POST",
      "/api/cases",
      props.csrf,
      body,
    );
    if (r.ok && f.article.value !== null) {
      await api("POST", `/api/cases/${r.data!.case_number}/kb-answers`, props.csrf, {
        article_id: f.article.value,
      });
    }
    busy.value = false;
    if (!r.ok) return void (error.value = r.error!);
    created.value = { number: r.data!.case_number, status: r.data!.status_name };
  }

  if (created.value) {
    return (
      <div class="card intake-done" data-testid="intake-done">
        <p>工单已登记，请向市民读出工单编号：</p>
        <p class="case-number-big" data-testid="created-number">{created.value.number}</p>
        <p>状态：{created.value.status}</p>
        <p>
          <a class="btn" href={`/cases/${created.value.number}`}>查看工单</a>{" "}
          <a class="btn secondary" href={props.call || call.value ? "/seat" : "/cases/new"}>
            登记下一件
          </a>
        </p>
      </div>
    );
  }

  return (
    <form class="intake" data-testid="intake-form" onSubmit={submit}>
      <div class="intake-main card">
        {call.value && (
          <p class="muted" data-testid="intake-call">
            {call.value.channel === "web" ? "网络来电" : "来电"} {call.value.caller ?? "号码未知"} ·
            {" "}
            {call.value.queue_name ?? ""}（号码自动关联，无需录入）
          </p>
        )}
        <div class="form-grid">
          <label for="i-type">类型</label>
          <select id="i-type" value={f.type.value} onChange={(e) => (f.type.value = value(e))}>
            {TYPES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
          <label for="i-channel">渠道</label>
          <select
            id="i-channel"
            value={f.channel.value}
            disabled={!!call.value}
            onChange={(e) => (f.channel.value = value(e))}
          >
            {CHANNELS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
          <label for="i-content">诉求内容</label>
          <textarea
            id="i-content"
            rows={5}
            value={f.content.value}
            onInput={(e) => (f.content.value = value(e))}
          />
          <span>分类建议</span>
          <div class="chips" data-testid="suggestions">
            {suggestions.value.length === 0 && <span class="muted">输入诉求内容后自动推荐</span>}
            {suggestions.value.map((s) => (
              <button
                type="button"
                key={s.category_id}
                class="chip"
                onClick={() => pick(s)}
              >
                {s.path} → {s.department_name}
                {s.matched.length > 0 && <small>（{s.matched.join("、")}）</small>}
              </button>
            ))}
          </div>
          <label for="i-category">分类</label>
          <select
            id="i-category"
            value={f.category.value}
            onChange={(e) => (f.category.value = value(e))}
          >
            <option value="">（未选）</option>
            {props.categories.map((c) => <option key={c.id} value={String(c.id)}>{c.path}</option>)}
          </select>
          <label for="i-district">区县 / 街道</label>
          <span>
            <select
              id="i-district"
              value={f.district.value}
              onChange={(e) => {
                f.district.value = value(e);
                f.street.value = "";
              }}
            >
              <option value="">（未选）</option>
              {props.districts.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
            </select>{" "}
            <select
              aria-label="街道"
              value={f.street.value}
              onChange={(e) => (f.street.value = value(e))}
            >
              <option value="">（未选）</option>
              {streets.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
            </select>
          </span>
          <label for="i-address">详细地址</label>
          <input
            id="i-address"
            value={f.address.value}
            onInput={(e) => (f.address.value = value(e))}
          />
          <label for="i-name">市民姓名</label>
          <input id="i-name" value={f.name.value} onInput={(e) => (f.name.value = value(e))} />
          {!call.value && (
            <>
              <label for="i-phone">联系电话</label>
              <input
                id="i-phone"
                value={f.phone.value}
                onInput={(e) => (f.phone.value = value(e))}
              />
            </>
          )}
          <span>其他</span>
          <span>
            <label>
              <input
                type="checkbox"
                checked={f.confidential.value}
                onChange={(e) => (f.confidential.value = (e.target as HTMLInputElement).checked)}
              />{" "}
              市民要求保密
            </label>{" "}
            <select
              aria-label="紧急程度"
              value={f.priority.value}
              onChange={(e) => (f.priority.value = value(e))}
            >
              <option value="normal">一般</option>
              <option value="urgent">紧急</option>
              <option value="emergency">特急（当日办结）</option>
            </select>
          </span>
          <span>办理方式</span>
          <span class="outcomes">
            {[["dispatch", "派单"], ["answered", "直接办结"], ["register", "暂存待派"]].map((
              [v, l],
            ) => (
              <label key={v}>
                <input
                  type="radio"
                  name="outcome"
                  value={v}
                  checked={f.outcome.value === v}
                  onChange={() => (f.outcome.value = v)}
                />{" "}
                {l}
              </label>
            ))}
          </span>
          {f.outcome.value === "dispatch" && (
            <>
              <label for="i-lead">主办单位</label>
              <select id="i-lead" value={f.lead.value} onChange={(e) => (f.lead.value = value(e))}>
                <option value="">（按派单目录）</option>
                {props.departments.map((d) => (
                  <option key={d.id} value={String(d.id)}>{d.name}</option>
                ))}
              </select>
              <label for="i-assisting">协办单位</label>
              <select
                id="i-assisting"
                multiple
                size={4}
                onChange={(
                  e,
                ) => (f.assisting.value = [...(e.target as HTMLSelectElement).selectedOptions].map((
                  o,
                ) => o.value))}
              >
                {props.departments.map((d) => (
                  <option key={d.id} value={String(d.id)}>{d.name}</option>
                ))}
              </select>
            </>
          )}
          {f.outcome.value === "answered" && (
            <>
              <label for="i-answer">答复内容</label>
              <textarea
                id="i-answer"
                rows={4}
                value={f.answer.value}
                onInput={(e) => (f.answer.value = value(e))}
              />
            </>
          )}
        </div>
        {error.value && <p class="error" role="alert" data-testid="intake-error">{error.value}</p>}
        <button type="submit" class="btn" disabled={busy.value}>登记工单</button>
      </div>
      <aside class="intake-side">
        <CallerHistory csrf={props.csrf} callId={call.value?.id ?? null} phone={f.phone.value} />
        {props.canReadKb && (
          <KbAnswers
            csrf={props.csrf}
            text={f.content.value}
            onUse={(a) => {
              f.outcome.value = "answered";
              f.answer.value = a.text;
              f.article.value = a.id;
            }}
          />
        )}
      </aside>
    </form>
  );
}
