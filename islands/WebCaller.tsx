import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { api } from "./api.ts";
import CallChat from "./CallChat.tsx";
import {
  type CallMedia,
  connectCall,
  getMicrophone,
  type JoinPayload,
  microphoneError,
  type Notice,
} from "./media_client.ts";

export interface WebCallerProps {
  queues: { code: string; name: string }[];
}

type Phase = "idle" | "starting" | "waiting" | "talking" | "held" | "ended";

const PHASE_TEXT: Record<Phase, string> = {
  idle: "",
  starting: "正在接通 12345……",
  waiting: "正在排队等待话务员接听",
  talking: "通话中",
  held: "话务员已将通话保持，请稍候",
  ended: "通话已结束",
};

/** The citizen's side of a browser call: microphone, queue position, talk, mute, hang up. */
export default function WebCaller({ queues }: WebCallerProps) {
  const phone = useSignal("");
  const queue = useSignal(queues[0]?.code ?? "general");
  const phase = useSignal<Phase>("idle");
  const position = useSignal<number | null>(null);
  const error = useSignal("");
  const muted = useSignal(false);
  /** 文字交流: the call's chat secret, given with the call (usable while queued). */
  const chat = useSignal<{ callId: number; token: string } | null>(null);
  const media = useRef<CallMedia | null>(null);
  const mic = useRef<MediaStream | null>(null);
  const root = useRef<HTMLElement>(null);
  useEffect(() => root.current?.setAttribute("data-hydrated", "true"), []);

  const finish = (message?: string) => {
    phase.value = "ended";
    if (message) error.value = message;
    media.current?.close();
    mic.current?.getTracks().forEach((t) => t.stop());
  };

  // While waiting: the caller's place in the queue, every two seconds.
  useEffect(() => {
    if (phase.value !== "waiting" || !media.current) return;
    const j = media.current.join;
    const timer = setInterval(async () => {
      const r = await api<{ position: number | null }>(
        "GET",
        `/api/public/calls/${j.call_id}?peer=${j.peer_id}&token=${encodeURIComponent(j.token)}`,
        "",
      );
      if (r.ok) position.value = r.data!.position;
    }, 2000);
    return () => clearInterval(timer);
  }, [phase.value]);

  const onNotice = (n: Notice) => {
    if (n.type === "state") {
      phase.value = n.phase === "talking" ? "talking" : n.phase === "held" ? "held" : "waiting";
    } else if (n.type === "ended") {
      finish(n.reason === "failed" ? n.message : undefined);
    }
  };

  const call = async (e: Event) => {
    e.preventDefault();
    error.value = "";
    phase.value = "starting";
    try {
      mic.current = await getMicrophone();
    } catch (err) {
      phase.value = "idle";
      error.value = microphoneError(err);
      return;
    }
    const r = await api<JoinPayload & { chat_token: string }>("POST", "/api/public/calls", "", {
      phone: phone.value,
      queue: queue.value,
    });
    if (!r.ok) {
      mic.current.getTracks().forEach((t) => t.stop());
      phase.value = "idle";
      error.value = r.error!;
      return;
    }
    chat.value = { callId: r.data!.call_id, token: r.data!.chat_token };
    try {
      media.current = await connectCall(r.data!, mic.current, "", onNotice);
      // A diagnostic handle: the browser tests read the RTP statistics through it.
      (globalThis as { hotlineMedia?: CallMedia }).hotlineMedia = media.current;
    } catch (err) {
      finish(`语音连接失败：${(err as Error).message}`);
    }
  };

  const hangUp = async () => {
    const j = media.current?.join;
    if (j) {
      await api("POST", `/api/public/calls/${j.call_id}/hang-up`, "", {
        peer: j.peer_id,
        token: j.token,
      });
    }
    finish();
  };

  const toggleMute = async () => {
    muted.value = !muted.value;
    await media.current?.setMuted(muted.value).catch(() => {});
  };

  const busy = phase.value !== "idle" && phase.value !== "ended";
  return (
    <section class="card web-caller" ref={root} data-phase={phase.value} data-testid="web-caller">
      {!busy && (
        <form onSubmit={call} class="form-grid">
          <label>
            您的电话号码（用于回访）
            <input
              id="caller-phone"
              type="tel"
              required
              inputMode="numeric"
              value={phone.value}
              onInput={(e) => phone.value = (e.target as HTMLInputElement).value}
            />
          </label>
          <label>
            咨询类别
            <select
              value={queue.value}
              onChange={(e) =>
                queue.value = (e.target as HTMLSelectElement).value}
            >
              {queues.map((q) => <option key={q.code} value={q.code}>{q.name}</option>)}
            </select>
          </label>
          <button type="submit" class="btn" data-testid="dial">拨打 12345</button>
        </form>
      )}
      {phase.value !== "idle" && (
        <p data-testid="call-status">
          <strong>{PHASE_TEXT[phase.value]}</strong>
          {phase.value === "waiting" && position.value !== null &&
            `，您前面还有 ${position.value - 1} 位`}
        </p>
      )}
      {busy && (
        <p class="seat-actions">
          <button type="button" class="btn secondary" onClick={toggleMute} data-testid="mute">
            {muted.value ? "取消静音" : "静音"}
          </button>{" "}
          <button type="button" class="btn danger" onClick={hangUp} data-testid="hang-up">
            挂断
          </button>
        </p>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {chat.value && (
        <CallChat
          key={chat.value.callId}
          who={{ side: "caller", ...chat.value }}
          canSend={phase.value !== "ended"}
        />
      )}
    </section>
  );
}
