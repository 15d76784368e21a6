import { useSignal } from "@preact/signals";
import type { Step } from "../server/cases/case_flow.ts";
import { api } from "./api.ts";

interface OpenRequest {
  kind: "return" | "extension";
  reason: string;
  extra_working_days: number | null;
  department_name: string;
}

export interface CaseActionsProps {
  csrf: string;
  number: string;
  steps: Step[];
  departments: { id: number; name: string }[];
  canReveal: boolean;
  openRequest: OpenRequest | null;
  /** 电话回访 by the edge, when it can call out; `running` while a request's calls go on. */
  phoneCallback?: { running: boolean; text: string } | null;
}

const LABELS: Record<Step, string> = {
  dispatch: "派单",
  reroute: "改派",
  decide_return: "审核退单",
  decide_extension: "审核延期",
  review: "审核回复",
  callback: "回访",
  merge: "并单",
  remind: "催办",
  sign: "签收",
  return: "退单",
  extension: "申请延期",
  reply: "办结回复",
  attach: "上传附件",
  note: "提交意见",
};

const REPLY_FIELDS: [string, string, "text" | "date" | "area"][] = [
  ["investigator", "调查人", "text"],
  ["investigated_on", "调查时间", "date"],
  ["findings", "调查情况", "area"],
  ["legal_basis", "法律政策依据", "area"],
  ["opinion", "处理意见", "area"],
  ["handler", "承办人", "text"],
  ["reviewer", "审核人", "text"],
  ["unit", "承办单位", "text"],
  ["reply_date", "回复日期", "date"],
];

/** Each form field becomes JSON: numbers for ids and days, booleans for yes/no, lists for multi-selects. */
function formJson(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of [...form.elements] as HTMLInputElement[]) {
    if (!el.name || el.disabled || (el.type === "radio" && !el.checked)) continue;
    const kind = el.dataset.kind;
    if (el instanceof HTMLSelectElement && el.multiple) {
      out[el.name] = [...el.selectedOptions].map((o) => Number(o.value));
    } else if (kind === "number") out[el.name] = el.value === "" ? null : Number(el.value);
    else if (kind === "bool") out[el.name] = el.value === "" ? null : el.value === "true";
    else if (el.value !== "") out[el.name] = el.value;
  }
  return out;
}

function DepartmentFields(
  { departments, withReason }: {
    departments: CaseActionsProps["departments"];
    withReason: boolean;
  },
) {
  return (
    <>
      <label>
        主办单位
        <select name="lead_department_id" data-kind="number" required>
          <option value="">请选择</option>
          {departments.map((d) => <option key={d.id} value={String(d.id)}>{d.name}</option>)}
        </select>
      </label>
      <label>
        协办单位
        <select name="assisting_department_ids" multiple size={4}>
          {departments.map((d) => <option key={d.id} value={String(d.id)}>{d.name}</option>)}
        </select>
      </label>
      {withReason && (
        <label>
          改派理由<textarea name="reason" rows={2} />
        </label>
      )}
    </>
  );
}

function StepForm({ step, p }: { step: Step; p: CaseActionsProps }) {
  const today = new Date().toISOString().slice(0, 10);
  switch (step) {
    case "dispatch":
      return <DepartmentFields departments={p.departments} withReason={false} />;
    case "reroute":
      return <DepartmentFields departments={p.departments} withReason />;
    case "decide_return":
    case "decide_extension":
      return (
        <>
          {p.openRequest && (
            <p>
              {p.openRequest.department_name}申请{p.openRequest.kind === "return"
                ? "退单"
                : `延期 ${p.openRequest.extra_working_days} 个工作日`}：
              {p.openRequest.reason}
            </p>
          )}
          <label>
            <input type="radio" name="decision" value="approved" checked /> 同意
          </label>
          <label>
            <input type="radio" name="decision" value="refused" /> 不同意
          </label>
          <label>
            审核意见<textarea name="note" rows={2} />
          </label>
        </>
      );
    case "review":
      return (
        <>
          <label>
            <input type="radio" name="review" value="accepted" checked /> 通过
          </label>
          <label>
            <input type="radio" name="review" value="sent_back" /> 退回重办
          </label>
          <label>
            审核意见<textarea name="note" rows={2} />
          </label>
        </>
      );
    case "callback":
      return (
        <>
          <label>
            是否接通
            <select name="reached" data-kind="bool">
              <option value="true">接通</option>
              <option value="false">未接通</option>
            </select>
          </label>
          <label>
            满意度
            <select name="satisfaction">
              <option value="">（未接通不填）</option>
              <option value="satisfied">满意</option>
              <option value="basic">基本满意</option>
              <option value="dissatisfied">不满意</option>
            </select>
          </label>
          <label>
            是否解决
            <select name="resolved" data-kind="bool">
              <option value="">（未接通不填）</option>
              <option value="true">已解决</option>
              <option value="false">未解决</option>
            </select>
          </label>
          <label>
            回访记录（不满意须写原因）<textarea name="note" rows={2} />
          </label>
        </>
      );
    case "merge":
      return (
        <>
          <label>
            并入工单编号<input name="into" inputMode="numeric" maxLength={8} />
          </label>
          <label>
            并单理由<textarea name="reason" rows={2} />
          </label>
        </>
      );
    case "extension":
      return (
        <>
          <label>
            延期工作日<input
              name="extra_working_days"
              data-kind="number"
              type="number"
              min={1}
              max={60}
            />
          </label>
          <label>
            延期理由<textarea name="reason" rows={2} />
          </label>
        </>
      );
    case "remind":
    case "return":
      return (
        <label>
          {step === "remind" ? "催办事由" : "退单理由"}
          <textarea name="reason" rows={2} />
        </label>
      );
    case "note":
      return (
        <label>
          意见<textarea name="note" rows={3} />
        </label>
      );
    case "attach":
      return (
        <label>
          附件（图片、PDF、Word、文本，≤ 5 MB）<input type="file" name="file" />
        </label>
      );
    case "reply":
      return (
        <>
          {REPLY_FIELDS.map(([name, label, kind]) => (
            <label key={name}>
              {label}
              {kind === "area"
                ? <textarea name={name} rows={3} />
                : <input name={name} type={kind} value={kind === "date" ? today : undefined} />}
            </label>
          ))}
        </>
      );
    default:
      return null;
  }
}

/** The next steps this person may take on the case; the server checks each again. */
export default function CaseActions(p: CaseActionsProps) {
  const open = useSignal<Step | null>(null);
  const error = useSignal("");
  const revealed = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const step = open.value!;
    busy.value = true;
    const url = step === "attach"
      ? `/api/cases/${p.number}/attachments`
      : `/api/cases/${p.number}/${
        step === "decide_return"
          ? "return/decision"
          : step === "decide_extension"
          ? "extension/decision"
          : step
      }`;
    const r = await api(
      "POST",
      url,
      p.csrf,
      step === "attach" ? new FormData(form) : formJson(form),
    );
    busy.value = false;
    if (!r.ok) return void (error.value = r.error!);
    location.reload();
  }

  async function phoneCallback() {
    busy.value = true;
    const r = await api("POST", `/api/cases/${p.number}/phone-callback`, p.csrf, {});
    busy.value = false;
    if (!r.ok) return void (error.value = r.error!);
    location.reload();
  }

  async function reveal() {
    const r = await api<{ value: string }>("POST", "/api/pii/reveal", p.csrf, {
      object: "case",
      id: p.number,
      field: "citizen_phone",
    });
    revealed.value = r.ok ? r.data!.value : r.error!;
  }

  return (
    <section class="card case-actions" data-testid="case-actions">
      <div class="buttons">
        {p.steps.length === 0 && <span class="muted">当前没有可办理的环节</span>}
        {p.steps.map((s) => (
          <button
            key={s}
            type="button"
            class={open.value === s ? "btn" : "btn secondary"}
            data-step={s}
            onClick={() => {
              open.value = s;
              error.value = "";
            }}
          >
            {LABELS[s]}
          </button>
        ))}
        {p.phoneCallback && (
          <button
            type="button"
            class="btn secondary"
            data-testid="phone-callback"
            disabled={busy.value || p.phoneCallback.running}
            onClick={phoneCallback}
            title="由系统拨打市民电话，按键回答是否解决与满意度；未接通自动重拨"
          >
            电话回访
          </button>
        )}
        {p.phoneCallback?.text && (
          <span class="muted" data-testid="phone-callback-status">{p.phoneCallback.text}</span>
        )}
        {p.canReveal && (
          <button type="button" class="btn secondary" onClick={reveal} title="查看将记入审计日志">
            查看完整号码
          </button>
        )}
        {revealed.value && <strong data-testid="revealed">{revealed.value}</strong>}
      </div>
      {!open.value && error.value && (
        <p class="error" role="alert" data-testid="step-error">{error.value}</p>
      )}
      {open.value && (
        <form
          class="step-form"
          data-testid={`form-${open.value}`}
          onSubmit={submit}
          key={open.value}
        >
          <StepForm step={open.value} p={p} />
          {error.value && <p class="error" role="alert" data-testid="step-error">{error.value}</p>}
          <button type="submit" class="btn" disabled={busy.value}>提交{LABELS[open.value]}</button>
        </form>
      )}
    </section>
  );
}
