import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { SeatNow } from "../routes/case_intake_page.tsx";
import { api } from "./api.ts";
import { subscribe } from "./live_client.ts";
import {
  type CallMedia,
  connectCall,
  getMicrophone,
  type JoinPayload,
  microphoneError,
  type Notice,
} from "./media_client.ts";

export interface SeatAudioProps {
  csrf: string;
  workNumber: string;
}

const WITH_CALL = new Set(["reserved", "on_call", "hold"]);
const POLL_MS = 1500;

const PHASE_TEXT: Record<string, string> = {
  waiting: "来电振铃中，音频已就绪，接听后即可通话",
  talking: "通话中（双向语音）",
  held: "通话已保持（双方互相听不到）",
  consulting: "咨询中（来电者保持，听等待音乐）",
  conference: "三方通话中",
};

/**
 * The seat's headset: joins the media of the call ringing on the seat before it is answered, so
 * answering (in the seat panel, through the ACD) only switches the audio on. Calls without media
 * here (the demo's simulated calls, phone lines) are shown as such.
 */
export default function SeatAudio({ csrf, workNumber }: SeatAudioProps) {
  const status = useSignal("未在通话");
  const phase = useSignal("idle");
  const error = useSignal("");
  const muted = useSignal(false);
  const media = useRef<CallMedia | null>(null);
  const mic = useRef<MediaStream | null>(null);
  const callId = useRef<number | null>(null);
  const noMedia = useRef(new Set<number>());
  const busy = useRef(false);

  const drop = () => {
    media.current?.close();
    media.current = null;
    callId.current = null;
    muted.value = false;
    phase.value = "idle";
    status.value = "未在通话";
  };

  const onNotice = (n: Notice) => {
    if (n.type === "state") {
      phase.value = n.phase;
      status.value = PHASE_TEXT[n.phase] ?? n.phase;
    } else if (n.type === "ended") {
      drop();
      status.value = n.message;
    }
  };

  const join = async (id: number) => {
    try {
      // The media first: a call without media here (or no media layer) needs no microphone.
      const r = await api<JoinPayload>("POST", "/api/media/seat/join", csrf);
      if (!r.ok) {
        if (r.status === 409 || r.status === 503) noMedia.current.add(id);
        status.value = r.status === 409 ? "本通来电无网络语音（模拟话务或电话线路）" : r.error!;
        return;
      }
      try {
        mic.current ??= await getMicrophone();
      } catch (err) {
        error.value = microphoneError(err);
        // Not again at every poll: the agent fixes the permission, then presses 重试.
        noMedia.current.add(id);
        await api("POST", `/api/media/peers/${r.data!.peer_id}/leave`, csrf, {
          token: r.data!.token,
        });
        return;
      }
      error.value = "";
      status.value = "正在接入来电音频……";
      callId.current = id;
      media.current = await connectCall(r.data!, mic.current, csrf, onNotice);
      (globalThis as { hotlineMedia?: CallMedia }).hotlineMedia = media.current;
    } catch (err) {
      drop();
      error.value = `语音连接失败：${(err as Error).message}`;
    }
  };

  /** One at a time: the poll and a live event must not both join (the second would replace). */
  const check = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const r = await api<{ seat: SeatNow | null }>("GET", "/api/seat/current", csrf);
      if (!r.ok) return;
      const seat = r.data!.seat;
      const id = seat && WITH_CALL.has(seat.state) ? seat.call?.id ?? null : null;
      if (callId.current !== null && callId.current !== id) drop();
      if (id !== null && callId.current === null && !noMedia.current.has(id)) await join(id);
    } finally {
      busy.current = false;
    }
  };

  useEffect(() => {
    void check();
    const timer = setInterval(check, POLL_MS);
    // A ring on this seat shows on the live stream at once: join without waiting for the poll.
    const unsubscribe = subscribe(["seat"], (events) => {
      if (events.some((e) => e.subject === workNumber)) void check();
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
      media.current?.close();
      mic.current?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const toggleMute = async () => {
    muted.value = !muted.value;
    await media.current?.setMuted(muted.value).catch(() => {});
  };

  return (
    <section class="card seat-audio" data-testid="seat-audio" data-phase={phase.value}>
      <strong>耳麦</strong> <span data-testid="seat-audio-status">{status.value}</span>
      <span class="spacer" />
      {media.current && (
        <button type="button" class="btn secondary" onClick={toggleMute} data-testid="seat-mute">
          {muted.value ? "取消静音" : "静音"}
        </button>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}{" "}
          <button
            type="button"
            class="btn secondary"
            onClick={() => {
              noMedia.current.clear();
              error.value = "";
              void check();
            }}
          >
            重试
          </button>
        </p>
      )}
    </section>
  );
}
