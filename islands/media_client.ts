/**
 * The browser side of a call's media, shared by the web caller, the agent's seat and the
 * supervisor's monitor: mediasoup-client over the JSON signalling of routes/media_api.ts, the
 * microphone sent as PCMU, every party heard through its own <audio> element.
 */
import { Device } from "mediasoup-client";
import type { types } from "mediasoup-client";
import { api } from "./api.ts";

export interface JoinPayload {
  call_id: number;
  peer_id: string;
  token: string;
  role: string;
  rtp_capabilities: types.RtpCapabilities;
  send: TransportParams;
  recv: TransportParams;
}

interface TransportParams {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export type Notice =
  | {
    type: "consume";
    id: string;
    producer_id: string;
    kind: "audio";
    rtp_parameters: types.RtpParameters;
    from: string;
  }
  | { type: "consumer_closed"; id: string }
  | { type: "state"; phase: string; mode?: string; agent?: string | null }
  | { type: "ended"; reason: string; message: string };

/** What a page shows the person when the microphone cannot be had, in words they can act on. */
export function microphoneError(error: unknown): string {
  const name = (error as { name?: string }).name ?? "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "浏览器未允许使用麦克风：请点击地址栏左侧的图标，允许本网站使用麦克风后重试。";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "没有找到麦克风：请连接耳麦或麦克风后重试。";
  }
  if (name === "NotReadableError" || name === "AbortError") {
    return "麦克风被其他程序占用或无法打开：请关闭占用麦克风的程序后重试。";
  }
  if (!globalThis.isSecureContext) {
    return "浏览器只允许在安全连接（https 或本机地址）下使用麦克风。";
  }
  return `无法打开麦克风（${name || (error as Error).message}）。`;
}

export function getMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    return Promise.reject(Object.assign(new Error("no mediaDevices"), { name: "SecurityError" }));
  }
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    video: false,
  });
}

export interface CallMedia {
  join: JoinPayload;
  /** Consumers by the role of the party heard (caller, agent, supervisor). */
  consumers: Map<string, types.Consumer>;
  setMuted(muted: boolean): Promise<void>;
  close(): void;
}

/**
 * Connects to a call's room: loads the device, sends the microphone, and consumes whoever the
 * server offers. `onNotice` sees every notice (state changes, the end of the call).
 */
export async function connectCall(
  join: JoinPayload,
  mic: MediaStream,
  csrf: string,
  onNotice: (n: Notice) => void,
): Promise<CallMedia> {
  const base = `/api/media/peers/${join.peer_id}`;
  const post = async <T>(path: string, body: Record<string, unknown>) => {
    const r = await api<T>("POST", `${base}/${path}`, csrf, { token: join.token, ...body });
    if (!r.ok) throw new Error(r.error);
    return r.data!;
  };
  // Chromium's current handler; mediasoup-client 3.24.1 names it after the version it targets.
  const device = await Device.factory({ handlerName: "Chrome111" });
  await device.load({ routerRtpCapabilities: join.rtp_capabilities });
  const send = device.createSendTransport(join.send);
  const recv = device.createRecvTransport(join.recv);
  for (const t of [send, recv]) {
    t.on("connect", ({ dtlsParameters }, ok, fail) => {
      post("connect", { transport_id: t.id, dtls_parameters: dtlsParameters }).then(
        () => ok(),
        fail,
      );
    });
  }
  send.on("produce", ({ rtpParameters }, ok, fail) => {
    post<{ id: string }>("produce", { rtp_parameters: rtpParameters }).then(ok, fail);
  });

  const consumers = new Map<string, types.Consumer>();
  const players = new Map<string, HTMLAudioElement>();
  let queue = Promise.resolve();
  const events = new EventSource(`${base}/events?token=${encodeURIComponent(join.token)}`);
  const handle = async (n: Notice) => {
    if (n.type === "consume") {
      const consumer = await recv.consume({
        id: n.id,
        producerId: n.producer_id,
        kind: n.kind,
        rtpParameters: n.rtp_parameters,
        appData: { from: n.from },
      });
      consumers.set(n.from, consumer);
      const audio = new Audio();
      audio.dataset.from = n.from;
      audio.srcObject = new MediaStream([consumer.track]);
      audio.play().catch(() => {});
      players.set(consumer.id, audio);
    } else if (n.type === "consumer_closed") {
      for (const [from, c] of consumers) {
        if (c.id !== n.id) continue;
        c.close();
        consumers.delete(from);
      }
      players.get(n.id)?.pause();
      players.delete(n.id);
    } else if (n.type === "ended") {
      close();
    }
    onNotice(n);
  };
  events.onmessage = (m) => {
    const notice = JSON.parse(m.data) as Notice;
    // In order: a consumer must exist before the notice that closes it.
    queue = queue.then(() => handle(notice)).catch((e) => console.error("media notice", String(e)));
  };

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    events.close();
    for (const p of players.values()) p.pause();
    send.close();
    recv.close();
  };
  try {
    await post("ready", { rtp_capabilities: device.rtpCapabilities });
    const pcmu = device.rtpCapabilities.codecs?.find((c) =>
      c.mimeType.toLowerCase() === "audio/pcmu"
    );
    await send.produce({
      track: mic.getAudioTracks()[0],
      codec: pcmu,
      stopTracks: false,
    });
  } catch (error) {
    close();
    throw error;
  }
  return {
    join,
    consumers,
    async setMuted(muted) {
      await post("mute", { muted });
    },
    close,
  };
}

/** Leaves the call's room (the server closes this party's transports). */
export async function leaveCall(media: CallMedia, csrf: string): Promise<void> {
  // Said first: closing first would look like a closed tab (the server ends it on its own then).
  await api("POST", `/api/media/peers/${media.join.peer_id}/leave`, csrf, {
    token: media.join.token,
  });
  media.close();
}
