import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.ts";
import { formatDateTime } from "./format.ts";

interface EarlierCase {
  case_number: string;
  status_name: string;
  created_at: string;
  summary: string;
  category_name: string | null;
}

/** The caller's earlier cases: a repeat caller is asked about the case already open. */
export function CallerHistory(
  { csrf, callId, phone }: { csrf: string; callId: number | null; phone: string },
) {
  const cases = useSignal<EarlierCase[] | null>(null);
  const key = callId
    ? `call_id=${callId}`
    : /^\+?[0-9 -]{5,20}$/.test(phone.trim())
    ? `phone=${encodeURIComponent(phone.trim())}`
    : "";
  useEffect(() => {
    if (!key) return void (cases.value = null);
    const timer = setTimeout(async () => {
      const r = await api<{ cases: EarlierCase[] }>("GET", `/api/cases/callers?${key}`, csrf);
      if (r.ok) cases.value = r.data!.cases;
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);
  return (
    <section class="card" data-testid="caller-history">
      <h3>来电人历史工单</h3>
      {cases.value === null && <p class="muted">按来电号码自动查询</p>}
      {cases.value?.length === 0 && <p class="muted">无历史工单</p>}
      <ul class="plain">
        {cases.value?.map((c) => (
          <li key={c.case_number}>
            <a href={`/cases/${c.case_number}`} target="_blank">{c.case_number}</a> {c.status_name}
            {" "}
            · {formatDateTime(c.created_at)}
            <br />
            <small>{c.category_name ?? ""} {c.summary}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
