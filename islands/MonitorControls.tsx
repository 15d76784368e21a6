import { signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.ts";
import { subscribe } from "./live_client.ts";
// mediasoup-client is loaded only when a supervisor starts listening: the desk stays light.
import type { CallMedia, JoinPayload } from "./media_client.ts";
const client = () => import("./media_client.ts");

export type MonitorMode = "listen" | "whisper" | "barge";

export interface MonitorRow {
  call_id: number;
  supervisor: string;
  agent: string | null;
  mode: MonitorMode;
}

export interface MediaStatusRow {
  status: string;
  reason?: string;
  workers: number;
}

export const MODE_NAMES: Record<MonitorMode, string> = {
  listen: "监听",
  whisper: "耳语",
  barge: "强插",
};

const MODE_HELP: Record<MonitorMode, string> = {
  listen: "您能听到双方，双方都听不到您",
  whisper: "只有话务员能听到您，市民听不到",
  barge: "三方通话：市民和话务员都能听到您",
};

/** The desk's monitor session outlives the selected tile: picking another seat keeps it. */
const session = signal<
  { media: CallMedia; mode: MonitorMode; callId: number; workNumber: string } | null
>(null);

/** Open monitors and the media layer's status, re-read on every media event. */
export function useMonitors() {
  const monitors = useSignal<MonitorRow[]>([]);
  const status = useSignal<MediaStatusRow | null>(null);
  useEffect(() => {
    const load = async () => {
      const r = await api<{ monitors: MonitorRow[]; media: MediaStatusRow }>(
        "GET",
        "/api/media/monitors",
        "",
      );
      if (!r.ok) return;
      monitors.value = r.data!.monitors;
      status.value = r.data!.media;
    };
    void load();
    const unsubscribe = subscribe(["media"], () => void load());
    // The status moves on its own while the worker builds: look again now and then.
    const timer = setInterval(load, 10_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, []);
  return { monitors, status };
}

/** A silent microphone: listening needs no microphone, only whispering and barging do. */
function silentStream(): MediaStream {
  const ctx = new AudioContext();
  return ctx.createMediaStreamDestination().stream;
}

/** 监听 / 耳语 / 强插 on the selected seat's call. */
export function MonitorControls(
  { csrf, workNumber, callId, talking, mediaReady }: {
    csrf: string;
    workNumber: string;
    callId: number | null;
    talking: boolean;
    mediaReady: boolean;
  },
) {
  const message = useSignal("");
  const micMissing = useSignal(false);
  const s = session.value;
  const mine = s !== null && s.workNumber === workNumber;

  const start = async (mode: MonitorMode) => {
    message.value = "";
    if (s) await stop();
    const { connectCall, getMicrophone, microphoneError } = await client();
    let mic: MediaStream;
    try {
      mic = await getMicrophone();
      micMissing.value = false;
    } catch (err) {
      if (mode !== "listen") {
        message.value = microphoneError(err);
        return;
      }
      micMissing.value = true;
      mic = silentStream();
    }
    const r = await api<JoinPayload>("POST", `/api/media/calls/${callId}/monitor`, csrf, { mode });
    if (!r.ok) {
      message.value = r.error!;
      return;
    }
    try {
      const media = await connectCall(r.data!, mic, csrf, (n) => {
        if (n.type === "ended") {
          session.value = null;
          message.value = n.message;
        }
      });
      (globalThis as { hotlineMedia?: CallMedia }).hotlineMedia = media;
      session.value = { media, mode, callId: callId!, workNumber };
    } catch (err) {
      message.value = `语音连接失败：${(err as Error).message}`;
    }
  };

  const switchTo = async (mode: MonitorMode) => {
    if (!s) return;
    if (mode !== "listen" && micMissing.value) {
      message.value = "没有可用的麦克风，只能监听。";
      return;
    }
    const r = await api("POST", `/api/media/peers/${s.media.join.peer_id}/mode`, csrf, {
      token: s.media.join.token,
      mode,
    });
    if (r.ok) session.value = { ...s, mode };
    else message.value = r.error!;
  };

  const stop = async () => {
    const current = session.value;
    session.value = null;
    if (current) await (await client()).leaveCall(current.media, csrf);
  };

  const canStart = mediaReady && talking && callId !== null;
  return (
    <div class="monitor" data-testid="monitor" data-mode={mine ? s!.mode : ""}>
      <p class="seat-actions">
        {(Object.keys(MODE_NAMES) as MonitorMode[]).map((mode) => (
          <button
            key={mode}
            type="button"
            class={`btn ${mine && s!.mode === mode ? "" : "secondary"}`}
            disabled={!mine && !canStart}
            aria-pressed={mine && s!.mode === mode}
            data-mode={mode}
            title={MODE_HELP[mode]}
            onClick={() => mine ? switchTo(mode) : start(mode)}
          >
            {MODE_NAMES[mode]}
          </button>
        ))}{" "}
        {mine && (
          <button type="button" class="btn danger" onClick={stop} data-testid="monitor-stop">
            结束
          </button>
        )}
      </p>
      <p class="muted">
        {mine
          ? `${MODE_NAMES[s!.mode]}中：${MODE_HELP[s!.mode]}`
          : !mediaReady
          ? "媒体层未就绪，暂不能监听。"
          : canStart
          ? "监听、耳语、强插之间可随时切换，无需重新接入。"
          : "只能监听正在通话的网络语音来电。"}
      </p>
      {message.value && <p class="error" role="alert">{message.value}</p>}
    </div>
  );
}
