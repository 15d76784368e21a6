import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AcdSnapshot } from "../server/acd/acd_snapshot.ts";
import { LEVEL_MARK } from "../server/acd/wall_levels.ts";
import { AlarmList } from "./AlarmList.tsx";
import { QueueTable } from "./DeskQueueTable.tsx";
import { eventSummary } from "./event_labels.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import { MODE_NAMES, MonitorControls, useMonitors } from "./MonitorControls.tsx";
import { SkillsForm } from "./SkillsForm.tsx";
import { mmss, seatAgeing } from "./seat_ageing.ts";
import { useLiveSnapshot } from "./use_live_snapshot.ts";

export interface SupervisorDeskProps {
  snapshot: AcdSnapshot;
  groups: { code: string; name: string }[];
  skills: { code: string; name: string }[];
  /** From the permission table: may this person act on seats? */
  canSupervise: boolean;
  /** May this person listen in, whisper and barge? */
  canMonitor?: boolean;
  csrf: string;
}

const MEDIA_NAMES: Record<string, string> = {
  building: "正在编译媒体服务",
  ready: "就绪",
  unavailable: "不可用",
};

const STATE_NAMES: Record<string, string> = {
  logged_out: "签出",
  ready: "空闲",
  reserved: "振铃",
  on_call: "通话",
  hold: "保持",
  wrap_up: "话后",
  not_ready: "示忙",
  lagged: "异常",
};
type SeatRow = AcdSnapshot["seats"][number];

/** The supervisor's desk: the seat board by team with ageing, filters, actions on a seat. */
export default function SupervisorDesk(props: SupervisorDeskProps) {
  const { snap, now, refresh } = useLiveSnapshot(props.snapshot);
  const group = useSignal("");
  const state = useSignal("");
  const selected = useSignal<string | null>(null);
  const message = useSignal<string | null>(null);
  const root = useRef<HTMLElement>(null);
  useEffect(() => root.current?.setAttribute("data-hydrated", "true"), []);
  const { monitors, status: media } = useMonitors();
  const monitorOf = new Map(monitors.value.map((m) => [m.agent, m]));

  const act = async (workNumber: string, path: string) => {
    const res = await fetch(`/api/supervisor/seats/${workNumber}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": props.csrf },
      body: "{}",
    });
    const body = await res.json().catch(() => ({}));
    message.value = res.ok
      ? `工号 ${workNumber}：已执行`
      : `工号 ${workNumber}：${body.error?.message ?? res.status}`;
    await refresh();
  };

  const saveSkills = async (workNumber: string, skills: { skill: string; level: number }[]) => {
    const res = await fetch(`/api/supervisor/seats/${workNumber}/skills`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-csrf-token": props.csrf },
      body: JSON.stringify({ skills }),
    });
    const body = await res.json().catch(() => ({}));
    message.value = res.ok
      ? `工号 ${workNumber}：技能已更新`
      : `工号 ${workNumber}：${body.error?.message ?? res.status}`;
    await refresh();
  };

  const seats = snap.value.seats.filter((s) =>
    (!group.value || s.group === group.value) && (!state.value || s.state === state.value)
  );
  const groupName = new Map(props.groups.map((g) => [g.code, g.name]));
  const queueName = new Map(snap.value.queues.map((q) => [q.id, q.name]));
  const byGroup = Map.groupBy(seats, (s) => s.group);
  const chosen = snap.value.seats.find((s) => s.work_number === selected.value);
  return (
    <section class="desk" ref={root}>
      <header class="ops-header">
        <h1>班长席 · 坐席监控</h1>
        <LiveBadge />
        <span class="muted" data-testid="media-status" data-status={media.value?.status ?? ""}>
          {media.value && `媒体层：${MEDIA_NAMES[media.value.status] ?? media.value.status}`}
          {media.value?.status === "ready" && `（${media.value.workers} 个进程）`}
          {media.value?.status === "unavailable" && `（${media.value.reason ?? ""}）`}
        </span>
        <label>
          班组{" "}
          <select
            value={group.value}
            onChange={(e) => group.value = (e.target as HTMLSelectElement).value}
            data-testid="filter-group"
          >
            <option value="">全部</option>
            {props.groups.map((g) => <option key={g.code} value={g.code}>{g.name}</option>)}
          </select>
        </label>
        <label>
          状态{" "}
          <select
            value={state.value}
            onChange={(e) => state.value = (e.target as HTMLSelectElement).value}
            data-testid="filter-state"
          >
            <option value="">全部</option>
            {Object.entries(STATE_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
      </header>
      {message.value && <p class="notice ok" role="status">{message.value}</p>}
      <QueueTable queues={snap.value.queues} now={now.value} at={snap.value.at} />
      <div class="desk-grid">
        <div class="seat-board" data-testid="seat-board">
          {[...byGroup].map(([code, list]) => (
            <section key={code} class="seat-group">
              <h2>{groupName.get(code) ?? code}（{list.length}）</h2>
              <div class="seat-tiles">
                {list.map((s: SeatRow) => {
                  const secs = (now.value - Date.parse(s.since)) / 1000;
                  const age = seatAgeing(s.state, s.reason, secs);
                  return (
                    <button
                      type="button"
                      key={s.work_number}
                      class={`seat seat-${s.state} age-${age}${
                        selected.value === s.work_number ? " selected" : ""
                      }`}
                      data-seat={s.work_number}
                      data-state={s.state}
                      onClick={() => selected.value = s.work_number}
                    >
                      <span class="seat-id">{s.work_number} {s.name}</span>
                      <span class="seat-state">
                        {STATE_NAMES[s.state]}
                        {s.reason ? `·${eventSummary({ reason: s.reason })}` : ""}
                      </span>
                      <span class="seat-time">
                        {mmss(secs)} {LEVEL_MARK[age]}
                        {s.call_queue ? ` · ${queueName.get(s.call_queue) ?? s.call_queue}` : ""}
                      </span>
                      {monitorOf.has(s.work_number) && (
                        <span class="seat-monitor" data-testid="seat-monitor">
                          {MODE_NAMES[monitorOf.get(s.work_number)!.mode]}·
                          {monitorOf.get(s.work_number)!.supervisor}
                        </span>
                      )}
                    </button>
                  );
                })}
              </div>
            </section>
          ))}
        </div>
        <aside class="desk-side">
          <AlarmList
            canAck={props.canSupervise}
            csrf={props.csrf}
            queueNames={Object.fromEntries(snap.value.queues.map((q) => [q.id, q.name]))}
          />
          <div class="panel seat-panel">
            {chosen
              ? (
                <>
                  <h2>工号 {chosen.work_number} · {chosen.name}</h2>
                  <p>
                    {STATE_NAMES[chosen.state]}，今日处理 {chosen.handled} 通，平均处理时长{" "}
                    {chosen.aht_s === null ? "—" : `${Math.round(chosen.aht_s)} 秒`}
                  </p>
                  {props.canSupervise
                    ? (
                      <p class="seat-actions">
                        <button
                          type="button"
                          class="btn"
                          onClick={() => act(chosen.work_number, "force-not-ready")}
                        >
                          强制示忙
                        </button>{" "}
                        <button
                          type="button"
                          class="btn secondary"
                          onClick={() => act(chosen.work_number, "force-logout")}
                        >
                          强制签出
                        </button>
                      </p>
                    )
                    : <p class="muted">您的角色只能查看，不能操作坐席。</p>}
                  {props.canSupervise && (
                    <SkillsForm
                      key={chosen.work_number}
                      seat={chosen}
                      skills={props.skills}
                      onSave={(skills) => saveSkills(chosen.work_number, skills)}
                    />
                  )}
                  {props.canMonitor && (
                    <MonitorControls
                      csrf={props.csrf}
                      workNumber={chosen.work_number}
                      callId={chosen.call_id}
                      talking={chosen.state === "on_call" || chosen.state === "hold"}
                      mediaReady={media.value?.status === "ready"}
                    />
                  )}
                </>
              )
              : <p class="muted">点击坐席查看详情和操作。</p>}
          </div>
        </aside>
      </div>
    </section>
  );
}
