/**
 * The media layer of one process: brings the worker pool up without holding the dashboards (it
 * may first have to build the worker), keeps one room per call with media, follows the ACD's
 * call events on the live spine (answer, hold, transfer, end) and records every answered call.
 */
import type { types } from "mediasoup";
import type { Database } from "../db/port.ts";
import type { AcdService } from "../server/acd/acd_service.ts";
import type { SeatActions } from "../server/acd/seat_actions.ts";
import { type AuditActor, SYSTEM_ACTOR } from "../server/audit/audit.ts";
import type { MediaConfig } from "../server/config.ts";
import { AppError } from "../server/errors.ts";
import { constantTimeEqual } from "../server/security/constant_time.ts";
import type { LiveEvent, LiveHub } from "../server/live/hub.ts";
import { failCall } from "./call_failure.ts";
import { CallRoom } from "./call_room.ts";
import { HoldMusic } from "./hold_music.ts";
import type { MediaPeer, TransportParams } from "./media_peer.ts";
import { MediaStore } from "./media_store.ts";
import { OpenCalls } from "./open_calls.ts";
import { RecordingFiles } from "./recording_files.ts";
import { CallRecordings } from "./call_recordings.ts";
import { ensureWorker } from "./worker_build.ts";
import { WorkerPool } from "./worker_pool.ts";
import type { MonitorMode } from "./who_hears.ts";

/** As /healthz reports it (an interface others rely on: keep these three). */
export type MediaState = "building" | "ready" | "unavailable";

export interface MediaStatus {
  status: MediaState;
  reason?: string;
  workers: number;
}

export interface JoinPayload {
  call_id: number;
  peer_id: string;
  token: string;
  role: string;
  rtp_capabilities: types.RtpCapabilities;
  send: TransportParams;
  recv: TransportParams;
}

export interface MediaDeps {
  db: Database;
  hub: LiveHub;
  acd: AcdService;
  seats: SeatActions;
  config: MediaConfig;
  dataDir: string;
  log?: (line: string) => void;
}

interface Monitor {
  id: number;
  callId: number;
  supervisor: string;
  agent: string | null;
  mode: MonitorMode;
}

const ENDS = new Set(["call.ended", "call.abandoned", "call.max_wait", "call.callback_requested"]);

export class MediaLayer {
  #status: MediaStatus = { status: "unavailable", reason: "not started", workers: 0 };
  #pool?: WorkerPool;
  readonly rooms = new Map<number, CallRoom>();
  readonly #peers = new Map<string, { room: CallRoom; peer: MediaPeer }>();
  readonly #monitors = new Map<string, Monitor>();
  readonly store: MediaStore;
  readonly recordings: CallRecordings;
  readonly openCalls: OpenCalls;
  /** What a held caller hears (every room of this process, web and phone calls alike). */
  readonly holdMusic = new HoldMusic();
  /** A seat's role in the call it is on: `third` while consulted (内部咨询, seat_consult.ts). */
  seatRole?: (workNumber: string) => "agent" | "third";
  #unsubscribe?: () => void;
  #retention?: ReturnType<typeof setInterval>;
  #starting?: Promise<void>;
  #stopped = false;

  constructor(private readonly d: MediaDeps) {
    this.store = new MediaStore(d.db);
    this.recordings = new CallRecordings(
      this.store,
      new RecordingFiles(`${d.dataDir}/recordings`),
      d.config.recordingRetentionDays,
      d.log,
    );
    this.openCalls = new OpenCalls(`${d.dataDir}/media/calls`);
  }

  get status(): MediaStatus {
    return { ...this.#status, workers: this.#pool?.size ?? 0 };
  }

  get pool(): WorkerPool | undefined {
    return this.#pool;
  }

  /** Starts in the background; `started()` resolves when it is up (or could not come up). */
  start(): void {
    if (!this.d.config.enabled) {
      this.#status = { status: "unavailable", reason: "MEDIA=off", workers: 0 };
      return;
    }
    this.#status = { status: "building", reason: "starting the workers", workers: 0 };
    this.#starting = this.#start().catch((error) => {
      this.#status = { status: "unavailable", reason: (error as Error).message, workers: 0 };
      this.d.log?.(`媒体层不可用 media layer unavailable: ${(error as Error).message}`);
    });
  }

  started(): Promise<void> {
    return this.#starting ?? Promise.resolve();
  }

  async #start(): Promise<void> {
    const bin = await ensureWorker(this.d.config, (s) => this.#status = s, this.d.log);
    if (this.#stopped) return;
    await this.#recover();
    const pool = await WorkerPool.start({
      size: this.d.config.workers ?? navigator.hardwareConcurrency ?? 1,
      workerBin: bin,
      log: this.d.log,
      onDied: (error, pid) => void this.#workerDied(error, pid),
    });
    if (this.#stopped) return pool.close();
    this.#pool = pool;
    this.#unsubscribe = this.d.hub.subscribe((events) => this.#onEvents(events));
    this.#retention = setInterval(() => void this.purge(), 24 * 3_600_000);
    void this.purge();
    this.#status = { status: "ready", workers: pool.size };
    this.d.log?.(`媒体层就绪 media layer ready: ${pool.size} mediasoup workers (${bin})`);
  }

  /** What a crash left behind: open recordings get a valid header, open monitors are closed. */
  async #recover(): Promise<void> {
    await this.recordings.repairInterrupted();
    await this.store.closeStaleMonitors();
    // A call's media lives only in the process that held it: a call still open after a restart
    // has no media any more (nobody can hear anybody), so it ends as failed.
    for (const callId of await this.openCalls.left()) {
      await failCall(this.d.acd, callId, "media layer restarted");
      await this.openCalls.close(callId);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearInterval(this.#retention);
    // A build still running is not waited for: it finishes (or is ended with the process group)
    // on its own, and the next start finds the cached worker or resumes the build.
    if (this.#status.status !== "building") await this.#starting;
    for (const callId of [...this.rooms.keys()]) {
      await this.#closeRoom(callId, "shutdown", "服务器正在重启，通话已中断，请重新拨打", "failed");
      await failCall(this.d.acd, callId, "server stopped").catch((e) =>
        console.error(`media: failing call ${callId}:`, e.message)
      );
    }
    await this.holdMusic.close();
    this.#pool?.close();
  }

  #requireReady(): WorkerPool {
    if (!this.#pool || this.#status.status !== "ready") {
      const why = this.#status.status === "building"
        ? "媒体层正在准备中（首次启动需编译媒体服务），请稍后再试"
        : `媒体层不可用：${this.#status.reason ?? "未启动"}`;
      throw new AppError(503, "media_unavailable", why);
    }
    return this.#pool;
  }

  /** A citizen's browser call: it enters the ACD as channel "web", like a phone call. */
  async webCall(callerNumber: string, queue: string): Promise<JoinPayload> {
    const pool = this.#requireReady();
    const router = await pool.createRouter();
    let call: { id: number };
    try {
      call = await this.d.acd.offer({ channel: "web", callerNumber, queue });
    } catch (error) {
      router.close();
      throw error;
    }
    router.appData.callId = call.id;
    await this.openCalls.open(call.id);
    const room = new CallRoom(call.id, router, this.d.config);
    this.rooms.set(call.id, room);
    return await this.#join(room, "caller", null);
  }

  /** The agent's seat joins the call ringing or talking on it (the seat's row says which). */
  async joinSeat(workNumber: string): Promise<JoinPayload> {
    this.#requireReady();
    const [seat] = await this.d.db.query<{ state: string; call_id: number | null }>(
      `select s.state, s.call_id from seat_states s join agents a on a.id = s.agent_id
       where a.work_number = $1`,
      [workNumber],
    );
    if (!seat?.call_id || !["reserved", "on_call", "hold"].includes(seat.state)) {
      throw new AppError(409, "no_call", "当前没有来电 (no call on this seat)");
    }
    const room = this.rooms.get(Number(seat.call_id));
    if (!room) {
      throw new AppError(
        409,
        "no_media",
        "这通来电没有网络语音（模拟话务或电话线路），无需接入音频 (the call has no media here)",
      );
    }
    return await this.#join(room, this.seatRole?.(workNumber) ?? "agent", workNumber);
  }

  async monitor(
    who: AuditActor,
    supervisor: string,
    callId: number,
    mode: MonitorMode,
  ): Promise<JoinPayload> {
    this.#requireReady();
    const room = this.rooms.get(callId);
    if (!room || room.phase === "waiting") {
      throw new AppError(
        409,
        "no_media",
        "该坐席当前没有可监听的网络语音通话 (no call to monitor)",
      );
    }
    const payload = await this.#join(room, "supervisor", supervisor, mode);
    const m = { callId, supervisor, agent: room.agent, mode };
    const id = await this.store.monitorStarted(who, m);
    this.#monitors.set(payload.peer_id, { id, ...m });
    return payload;
  }

  async setMode(who: AuditActor, peerId: string, token: string, mode: MonitorMode) {
    const { room, peer } = this.peer(peerId, token);
    const m = this.#monitors.get(peerId);
    if (!m || peer.role !== "supervisor") {
      throw new AppError(409, "not_monitoring", "只有监听中的班长可以切换模式 (not a monitor)");
    }
    if (m.mode === mode) return;
    const before = m.mode;
    m.mode = mode;
    await room.serial(() => room.setMode(peer, mode));
    await this.store.monitorMode(who, m.id, m, before);
  }

  async #join(
    room: CallRoom,
    role: "caller" | "agent" | "supervisor" | "third",
    workNumber: string | null,
    mode?: MonitorMode,
  ): Promise<JoinPayload> {
    const peer = await room.serial(() => room.join(role, workNumber, mode));
    this.#peers.set(peer.id, { room, peer });
    // A closed tab (its event stream gone for seconds, or its DTLS session closed): a citizen who
    // left has hung up, a supervisor who left stopped listening. An agent's page may reload and
    // re-join: the call goes on.
    const left = () => {
      if (peer.closed) return;
      const gone = role === "caller"
        ? this.callerHangUp(peer.id, peer.token)
        : role === "supervisor"
        ? this.leave(SYSTEM_ACTOR, peer.id, peer.token)
        : undefined;
      void gone?.catch((e) => console.error(`media: ${role} left call ${room.callId}:`, e.message));
    };
    peer.onAbandoned = left;
    peer.send.on(
      "dtlsstatechange",
      (state) => (state === "closed" || state === "failed") && left(),
    );
    return {
      call_id: room.callId,
      peer_id: peer.id,
      token: peer.token,
      role,
      rtp_capabilities: room.router.rtpCapabilities,
      ...peer.params(),
    };
  }

  /** The peer a page claims to be: its id and its secret token must match. */
  peer(peerId: string, token: string): { room: CallRoom; peer: MediaPeer } {
    const found = this.#peers.get(peerId);
    if (!found || found.peer.closed || !constantTimeEqual(found.peer.token, token)) {
      throw new AppError(404, "no_peer", "通话连接已结束或不存在 (no such media connection)");
    }
    return found;
  }

  async connect(peerId: string, token: string, transportId: string, dtls: types.DtlsParameters) {
    const { peer } = this.peer(peerId, token);
    const transport = peer.transport(transportId);
    if (!transport) throw new AppError(404, "no_transport", "no such transport");
    await transport.connect({ dtlsParameters: dtls });
  }

  async produce(peerId: string, token: string, rtpParameters: types.RtpParameters) {
    const { room, peer } = this.peer(peerId, token);
    const producer = await room.serial(() => room.produce(peer, rtpParameters));
    return producer.id;
  }

  async ready(peerId: string, token: string, caps: types.RtpCapabilities) {
    const { room, peer } = this.peer(peerId, token);
    await room.serial(() => room.ready(peer, caps));
  }

  async mute(peerId: string, token: string, muted: boolean) {
    const { room, peer } = this.peer(peerId, token);
    await room.mute(peer, muted);
  }

  /** A page leaves: a supervisor stops monitoring (audited); an agent's page just goes. */
  async leave(who: AuditActor, peerId: string, token: string) {
    const { room, peer } = this.peer(peerId, token);
    room.leave(peer);
    this.#peers.delete(peerId);
    const m = this.#monitors.get(peerId);
    if (m) {
      this.#monitors.delete(peerId);
      await this.store.monitorStopped(who, m.id, m, "left");
    }
  }

  /** The citizen hangs up: unanswered, the call is abandoned; answered, it ends normally. */
  async callerHangUp(peerId: string, token: string) {
    const { room, peer } = this.peer(peerId, token);
    if (peer.role !== "caller") throw new AppError(403, "not_caller", "只有来电者可以挂断来电");
    const [call] = await this.d.db.query<{ state: string; seated: boolean; agent: string | null }>(
      // The agent only while their seat is on the call (after a transfer out none is: closing
      // the room then ends the call, consult.ts).
      `select k.state, s.agent_id is not null and a.work_number is not null as seated, a.work_number as agent
       from calls k left join agents a on a.id = k.agent_id
       left join seat_states s on s.agent_id = a.id and s.call_id = k.id and s.state in ('on_call', 'hold')
       where k.id = $1`,
      [room.callId],
    );
    if (call?.state === "queued" || call?.state === "ringing") {
      await this.d.acd.abandon(room.callId);
    } else if (
      (call?.state === "connected" || call?.state === "held") && call.seated && call.agent
    ) {
      await this.d.seats.agent(null, call.agent, { type: "hang_up" });
    } else {
      await this.#closeRoom(room.callId, "ended", "通话已结束", "complete");
    }
  }

  monitors(): Monitor[] {
    return [...this.#monitors.values()];
  }

  #onEvents(events: readonly LiveEvent[]) {
    for (const { event } of events) {
      if (event.topic !== "call") continue;
      const callId = Number(event.subject);
      const room = this.rooms.get(callId);
      if (!room) continue;
      const agent = (event.data.agent as string | undefined) ?? null;
      const type = event.type;
      const work = (() => {
        if (type === "call.answered") return this.#answered(room, agent);
        if (type === "call.held") {
          return room.serial(async () => {
            await room.setPhase("held");
            await this.holdMusic.play(room);
          });
        }
        if (type === "call.resumed") {
          return room.serial(async () => {
            await this.holdMusic.stop(room);
            await room.setPhase("talking");
          });
        }
        if (type === "call.transferred" || type === "call.requeued") {
          return room.serial(async () => {
            await this.holdMusic.stop(room);
            room.dropParties("agent", type === "call.transferred" ? "transferred" : "requeued");
            await this.#dropMonitors(room, "call_moved");
            await room.setPhase("waiting", null);
          });
        }
        if (ENDS.has(type)) {
          const failed = event.data.reason === "failed";
          return this.#closeRoom(
            callId,
            type === "call.ended" ? "ended" : "abandoned",
            failed
              ? "通话因故障中断"
              : type === "call.max_wait" || type === "call.callback_requested"
              ? "排队等候时间过长，12345 将尽快给您回电"
              : "通话已结束",
            failed ? "failed" : "complete",
          );
        }
      })();
      void work?.catch((e) =>
        console.error(`media: call ${callId} ${type}:`, (e as Error).message)
      );
    }
  }

  #answered(room: CallRoom, agent: string | null): Promise<void> {
    return room.serial(async () => {
      // Audio first: the recording must not hold the two parties' first words.
      await room.setPhase("talking", agent);
      await this.recordings.start(room);
    });
  }

  async #dropMonitors(room: CallRoom, reason: string) {
    for (const [peerId, m] of this.#monitors) {
      if (m.callId !== room.callId) continue;
      this.#monitors.delete(peerId);
      const found = this.#peers.get(peerId);
      if (found) room.leave(found.peer, reason === "call_moved" ? "transferred" : "left");
      await this.store.monitorStopped(SYSTEM_ACTOR, m.id, m, reason);
    }
  }

  async #closeRoom(
    callId: number,
    reason: string,
    message: string,
    recording: "complete" | "failed",
  ): Promise<void> {
    const room = this.rooms.get(callId);
    if (!room) return;
    this.rooms.delete(callId);
    await room.serial(async () => {
      await this.#dropMonitors(room, "call_ended");
      await this.recordings.stop(room, recording);
      for (const peer of room.peers.values()) this.#peers.delete(peer.id);
      room.close(reason, message);
      await this.openCalls.close(callId);
    });
  }

  async #workerDied(error: Error, pid: number) {
    const calls = [...this.rooms.values()].filter((r) => r.router.appData.workerPid === pid)
      .map((r) => r.callId);
    await this.store.event("worker_died", pid, { pid, error: error.message, calls })
      .catch((e) => console.error("media: worker_died event:", e.message));
    for (const callId of calls) {
      // The recording keeps what reached it; the ACD ends the call as failed.
      await this.#closeRoom(callId, "failed", "媒体服务故障，通话已中断，请重新拨打", "failed")
        .catch((e) => console.error(`media: closing call ${callId}:`, e.message));
      await failCall(this.d.acd, callId, `mediasoup worker ${pid} died`)
        .catch((e) => console.error(`media: failing call ${callId}:`, e.message));
    }
  }

  /** Deletes recordings past the retention (audited). */
  purge(): Promise<number> {
    return this.recordings.purge();
  }
}
