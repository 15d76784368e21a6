/**
 * One call's media: its router, its parties (caller, agent, supervisors) and its recorder. Every
 * consumer is paused or resumed by `hears()`, so answering, holding and switching a monitor mode
 * only flip consumers: nobody re-joins, and audio starts one round trip after the change.
 */
import type { types } from "mediasoup";
import { MediaPeer, type PeerNotice } from "./media_peer.ts";
import type { Recorder } from "./recorder.ts";
import {
  type CallPhase,
  hears,
  type MonitorMode,
  type Party,
  type PartyRole,
} from "./who_hears.ts";

/** Whoever a listener may consume: a party's page, or a source of the server (music on hold). */
export interface Speaker {
  role: PartyRole;
  mode?: MonitorMode;
  producer?: types.Producer;
  closed: boolean;
}

export interface RoomNetwork {
  listenIp: string;
  announcedIp?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
}

export class CallRoom {
  readonly peers = new Map<string, MediaPeer>();
  /** Server-side sources speaking into the call (music on hold), by producer id. */
  readonly #sources = new Map<string, Speaker>();
  phase: CallPhase = "waiting";
  agent: string | null = null;
  recorder?: Recorder;
  readonly #recorderConsumers = new Map<string, { consumer: types.Consumer; role: PartyRole }>();
  closed = false;
  /** Serialises changes: a mode switch never interleaves with a join half done. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly callId: number,
    readonly router: types.Router,
    private readonly network: RoomNetwork,
  ) {}

  /** Runs `fn` after every change queued before it. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #transport(): Promise<types.WebRtcTransport> {
    const { listenIp: ip, announcedIp, rtcMinPort: min, rtcMaxPort: max } = this.network;
    const portRange = { min, max };
    return await this.router.createWebRtcTransport({
      listenInfos: [
        { protocol: "udp", ip, announcedAddress: announcedIp, portRange },
        { protocol: "tcp", ip, announcedAddress: announcedIp, portRange },
      ],
      preferUdp: true,
    });
  }

  async join(
    role: Exclude<PartyRole, "recorder" | "music">,
    workNumber: string | null,
    mode?: MonitorMode,
  ): Promise<MediaPeer> {
    if (this.closed) throw new Error(`call ${this.callId} has ended`);
    const send = await this.#transport();
    const recv = await this.#transport().catch((e) => {
      send.close();
      throw e;
    });
    const peer = new MediaPeer(role, send, recv, workNumber);
    peer.mode = mode;
    // A second page of the same agent (a reload) replaces the first.
    if (role === "agent") {
      for (const old of this.peers.values()) {
        if (old.role === "agent") this.#remove(old, "replaced");
      }
    }
    this.peers.set(peer.id, peer);
    peer.notify(this.#state(peer));
    return peer;
  }

  #state(peer: MediaPeer): PeerNotice {
    return { type: "state", phase: this.phase, mode: peer.mode, agent: this.agent };
  }

  /** The page loaded its device: it can now consume whoever speaks. */
  async ready(peer: MediaPeer, rtpCapabilities: types.RtpCapabilities): Promise<void> {
    peer.rtpCapabilities = rtpCapabilities;
    for (const other of this.peers.values()) {
      if (other !== peer && other.producer) await this.#consume(peer, other);
    }
    for (const source of this.#sources.values()) await this.#consume(peer, source);
  }

  /**
   * Adds a source of the server (its producer on a transport of this router): every party
   * consumes it, paused or not by `hears()` like any other speaker. Never recorded: the recorder
   * consumes parties only.
   */
  async addSource(source: Speaker & { producer: types.Producer }): Promise<void> {
    if (this.closed) return;
    this.#sources.set(source.producer.id, source);
    source.producer.observer.once("close", () => this.#sources.delete(source.producer.id));
    for (const peer of this.peers.values()) {
      if (peer.rtpCapabilities) await this.#consume(peer, source);
    }
  }

  async produce(peer: MediaPeer, rtpParameters: types.RtpParameters): Promise<types.Producer> {
    if (peer.producer) throw new Error("this party already sends its microphone");
    const producer = await peer.send.produce({ kind: "audio", rtpParameters });
    peer.producer = producer;
    for (const other of this.peers.values()) {
      if (other !== peer && other.rtpCapabilities) await this.#consume(other, peer);
    }
    await this.#record(peer);
    return producer;
  }

  async #consume(listener: MediaPeer, speaker: Speaker): Promise<void> {
    const producer = speaker.producer!;
    if (listener.consumers.has(producer.id) || listener.closed || speaker.closed) return;
    if (
      !this.router.canConsume({
        producerId: producer.id,
        rtpCapabilities: listener.rtpCapabilities!,
      })
    ) {
      return;
    }
    const consumer = await listener.recv.consume({
      producerId: producer.id,
      rtpCapabilities: listener.rtpCapabilities!,
      paused: !hears(listener, speaker, this.phase),
    });
    listener.consumers.set(producer.id, consumer);
    consumer.observer.once("close", () => {
      listener.consumers.delete(producer.id);
      if (!listener.closed) listener.notify({ type: "consumer_closed", id: consumer.id });
    });
    listener.notify({
      type: "consume",
      id: consumer.id,
      producer_id: producer.id,
      kind: "audio",
      rtp_parameters: consumer.rtpParameters,
      from: speaker.role,
    });
  }

  /** Starts recording (at the first answer); parties who produce later are added as they come. */
  async startRecording(recorder: Recorder): Promise<void> {
    this.recorder = recorder;
    for (const peer of this.peers.values()) await this.#record(peer);
  }

  async #record(peer: MediaPeer): Promise<void> {
    if (!this.recorder || !peer.producer || this.#recorderConsumers.has(peer.producer.id)) return;
    const consumer = await this.recorder.consume(
      peer.producer,
      peer.role === "caller" ? 0 : 1,
      !hears({ role: "recorder" }, peer, this.phase),
      this.router.rtpCapabilities,
    );
    this.#recorderConsumers.set(peer.producer.id, { consumer, role: peer.role });
    consumer.observer.once("close", () => this.#recorderConsumers.delete(peer.producer!.id));
  }

  setPhase(phase: CallPhase, agent?: string | null): Promise<void> {
    this.phase = phase;
    if (agent !== undefined) this.agent = agent;
    return this.#apply();
  }

  setMode(peer: MediaPeer, mode: MonitorMode): Promise<void> {
    peer.mode = mode;
    return this.#apply();
  }

  /** Brings every consumer in line with who hears whom now. */
  async #apply(): Promise<void> {
    const bySpeaker = new Map<string, Speaker>(this.#sources);
    for (const p of this.peers.values()) if (p.producer) bySpeaker.set(p.producer.id, p);
    const flips: Promise<void>[] = [];
    const flip = (consumer: types.Consumer, on: boolean) => {
      if (consumer.closed || on === !consumer.paused) return;
      flips.push(on ? consumer.resume() : consumer.pause());
    };
    for (const listener of this.peers.values()) {
      for (const [producerId, consumer] of listener.consumers) {
        const speaker = bySpeaker.get(producerId);
        if (speaker) flip(consumer, hears(listener, speaker, this.phase));
      }
      listener.notify(this.#state(listener));
    }
    for (const [producerId, { consumer }] of this.#recorderConsumers) {
      const speaker = bySpeaker.get(producerId);
      if (speaker) flip(consumer, hears({ role: "recorder" }, speaker, this.phase));
    }
    await Promise.all(flips);
  }

  /** Server-side mute: nobody (the recording included) hears the party until unmuted. */
  async mute(peer: MediaPeer, muted: boolean): Promise<void> {
    if (!peer.producer) return;
    await (muted ? peer.producer.pause() : peer.producer.resume());
  }

  leave(peer: MediaPeer, reason = "left"): void {
    this.#remove(peer, reason);
  }

  #remove(peer: MediaPeer, reason: string) {
    if (!this.peers.delete(peer.id)) return;
    peer.notify({ type: "ended", reason, message: LEFT[reason] ?? "已离开通话" });
    peer.close();
  }

  /** Agents leave when the call moves on (transfer, ring-no-answer): the caller stays. */
  dropParties(role: Party["role"], reason: string): void {
    for (const p of [...this.peers.values()]) if (p.role === role) this.#remove(p, reason);
  }

  /** Ends the call's media: every party is told why; the router (and its transports) closes. */
  close(reason: string, message: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.peers.values()) {
      p.notify({ type: "ended", reason, message });
      p.close();
    }
    this.peers.clear();
    if (!this.router.closed) this.router.close();
  }
}

const LEFT: Record<string, string> = {
  left: "已离开通话",
  replaced: "已在另一个页面接入本通话",
  transferred: "通话已转出",
  requeued: "来电已转回队列",
  consult_ended: "内部咨询已结束",
};
