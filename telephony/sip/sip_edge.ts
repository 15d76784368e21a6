/**
 * The telephony edge: the trunk's SIP user agent, one RTP session per call and the voice menu
 * behind it. Each answered call runs the active menu tree; its path is stored when it ends.
 */
import type { Database } from "../../db/port.ts";
import type { AcdService } from "../../server/acd/acd_service.ts";
import type { SeatActions } from "../../server/acd/seat_actions.ts";
import type { MediaConfig } from "../../server/config.ts";
import type { PiiCipher } from "../../server/privacy/pii_cipher.ts";
import { CallIo } from "../ivr/call_io.ts";
import type { IvrServices } from "../ivr/ivr_io.ts";
import { type Phrase, PHRASES } from "../ivr/ivr_phrases.ts";
import { IvrRunner } from "../ivr/ivr_runner.ts";
import { ivrServices } from "../ivr/ivr_services.ts";
import { IvrStore } from "../ivr/ivr_store.ts";
import type { MediaLayer } from "../media_layer.ts";
import { Tts } from "../tts/tts.ts";
import { AllowList } from "./allow_list.ts";
import { DigestAuth } from "./digest.ts";
import { AppError } from "../../server/errors.ts";
import { PhoneBridge, type PhoneLeg } from "./phone_bridge.ts";
import { type CallbackOutcome, phoneCallback } from "./phone_callback.ts";
import { MediaClock, RtpPortPool, RtpSession } from "./rtp_session.ts";
import type { CallSession, IncomingCall, UaStats } from "./sip_call.ts";
import { SipUa } from "./sip_ua.ts";
import type { TrunkParts } from "./outbound_leg.ts";

export interface EdgeConfig {
  host: string;
  port: number;
  trunkAllow: string;
  rtpPortMin: number;
  rtpPortMax: number;
  /** Prompts are cached in `$DATA_DIR/prompts`. */
  dataDir: string;
  digest?: { user: string; password: string; realm: string };
  /** The trunk for calls we place (phone callbacks); unset: none are placed. */
  outbound?: { address: string; port: number };
  answerDelayMs?: number;
  /** Longest a call may stay with the edge (a stuck caller never holds a port for ever). */
  maxCallMs?: number;
  /**
   * Calls this process carries at most; more get 503 (the trunk tries another edge or plays
   * busy). Also refused while the media clock runs late (the process is overloaded).
   */
  maxCalls?: number;
}

export interface EdgeDeps {
  db: Database;
  pii: PiiCipher;
  acd: AcdService;
  seats: SeatActions;
  now?: () => number;
  /** The media layer: callers who ask for a person talk to the agent's browser seat through it. */
  media?: { layer: MediaLayer; config: MediaConfig };
}

export interface EdgeStats extends UaStats {
  activeCalls: number;
  /** Calls refused with 503: at the limit or overloaded. */
  refused: number;
  /** How late the media clock runs (ms, smoothed). */
  clockLagMs: number;
  /** RTP relayed between phone callers and the media layer's rooms (caller → room, room → caller). */
  bridgedToRoom: number;
  bridgedFromRoom: number;
  ttsRenders: number;
  ttsFailures: number;
}

/** ≈ the measured ceiling of one process on one core (docs/performance.md). */
const MAX_CALLS = 250;
/** A 20 ms clock this late on average: the process is collapsing, not just busy (other work on
 * the machine makes it 5–30 ms late now and then, which callers do not notice). */
const OVERLOAD_LAG_MS = 150;

interface ActiveCall {
  io: CallIo;
  media: RtpSession;
  runner?: IvrRunner;
  /** The caller's party in the ACD call's media room, once queued. */
  leg?: PhoneLeg;
}

export class SipEdge {
  readonly store: IvrStore;
  readonly tts: Tts;
  #ua!: SipUa;
  #clock = new MediaClock();
  #pool: RtpPortPool;
  #calls = new Map<string, ActiveCall>();
  #services: Omit<IvrServices, "connect">;
  #running = new Set<Promise<void>>();
  #stopped = false;
  #bridge?: PhoneBridge;
  #bridged = { toRoom: 0, fromRoom: 0 };
  #refused = 0;

  private constructor(private readonly cfg: EdgeConfig, private readonly deps: EdgeDeps) {
    const now = deps.now ?? Date.now;
    this.store = new IvrStore(deps.db, now);
    this.tts = new Tts({ dir: `${cfg.dataDir}/prompts` });
    this.#pool = new RtpPortPool(cfg.host, cfg.rtpPortMin, cfg.rtpPortMax);
    this.#services = ivrServices({
      db: deps.db,
      pii: deps.pii,
      acd: deps.acd,
      seats: deps.seats,
      now,
    });
    if (deps.media) this.#bridge = new PhoneBridge(deps.media.layer, deps.media.config, this.#pool);
  }

  /** Binds the SIP port (rejects when it is taken or the allow-list is malformed). */
  static async start(cfg: EdgeConfig, deps: EdgeDeps): Promise<SipEdge> {
    const edge = new SipEdge(cfg, deps);
    edge.#ua = await SipUa.start({
      host: cfg.host,
      port: cfg.port,
      allow: AllowList.parse(cfg.trunkAllow),
      auth: cfg.digest ? new DigestAuth(cfg.digest) : undefined,
      answerDelayMs: cfg.answerDelayMs,
    }, { accept: (call) => edge.#accept(call) });
    return edge;
  }

  get port(): number {
    return this.#ua.port;
  }

  stats(): EdgeStats {
    return {
      ...this.#ua.stats,
      activeCalls: this.#calls.size,
      refused: this.#refused,
      clockLagMs: Math.round(this.#clock.lagMs),
      bridgedToRoom: this.#bridged.toRoom +
        [...this.#calls.values()].reduce((n, c) => n + (c.leg?.stats.toRoom ?? 0), 0),
      bridgedFromRoom: this.#bridged.fromRoom +
        [...this.#calls.values()].reduce((n, c) => n + (c.leg?.stats.fromRoom ?? 0), 0),
      ttsRenders: this.tts.renders,
      ttsFailures: this.tts.failures,
    };
  }

  /** Where each call is now (the menu node, whether the caller is gone): for operators and benches. */
  calls(): {
    callId: string;
    node: string | null;
    gone: boolean;
    bridged: boolean;
    /** RTP sent to the caller; from the room; with two speakers mixed (a barge). */
    rtpOut: number;
    fromRoom: number;
    mixed: number;
  }[] {
    return [...this.#calls].map(([callId, c]) => ({
      callId,
      node: c.runner?.path.at(-1)?.node ?? null,
      gone: c.io.gone,
      bridged: c.media.bridged,
      rtpOut: c.media.stats.rtpOut,
      fromRoom: c.leg?.stats.fromRoom ?? 0,
      mixed: c.leg?.stats.mixed ?? 0,
    }));
  }

  /** Renders the active tree's fixed prompts ahead of the first caller (in the background). */
  async warmUp(): Promise<void> {
    const { tree } = await this.store.active();
    const texts: [string, "zh" | "en", boolean][] = [];
    for (const node of Object.values(tree.nodes)) {
      if (!("say" in node) || !node.say) continue;
      texts.push([node.say.zh, "zh", false]);
      if (node.say.en) texts.push([node.say.en, "en", false]);
    }
    for (const phrase of Object.values(PHRASES)) {
      // The fixed sentences; those made for a number or a name are rendered when needed.
      if (phrase.length !== 1) continue;
      for (const lang of ["zh", "en"] as const) {
        const parts = (phrase as (l: string) => unknown)(lang);
        if (!Array.isArray(parts)) continue;
        for (const part of parts as ReturnType<Phrase>) {
          if (typeof part === "string") texts.push([part, lang, false]);
        }
      }
    }
    for (const d of "零一二三四五六七八九") texts.push([d, "zh", true]);
    for (const [text, lang, trim] of texts) {
      if (this.#stopped) return;
      await this.tts.say(text, lang, { trim });
    }
  }

  async #accept(call: IncomingCall) {
    if (
      this.#calls.size >= (this.cfg.maxCalls ?? MAX_CALLS) || this.#clock.lagMs > OVERLOAD_LAG_MS
    ) {
      this.#refused++;
      return { status: 503 };
    }
    const media = new RtpSession(call.offer);
    let socket;
    try {
      socket = await this.#pool.open(media);
    } catch (error) {
      console.error("sip edge:", (error as Error).message);
      return { status: 503 };
    }
    media.attach(socket);
    const io = new CallIo(media, this.tts, () => this.#ua.hangup(call.callId));
    media.onDigit = (d) => io.digit(d);
    const active: ActiveCall = { io, media };
    this.#calls.set(call.callId, active);
    const startedAt = (this.deps.now ?? Date.now)();
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.#clock.remove(media);
      if (active.leg) {
        this.#bridged.toRoom += active.leg.stats.toRoom;
        this.#bridged.fromRoom += active.leg.stats.fromRoom;
        active.leg.close();
      }
      media.close();
      this.#calls.delete(call.callId);
    };
    const session: CallSession = {
      confirmed: () => {
        const run = this.#run(call, active, startedAt).finally(finish);
        this.#running.add(run);
        run.finally(() => this.#running.delete(run));
      },
      ended: () => {
        io.callerHungUp();
        // Not answered yet (CANCEL): no menu ran, nothing to store.
        if (!active.runner) finish();
      },
      digit: (d) => io.digit(d),
      reoffer: (offer) => {
        media.update(offer);
        return { host: this.cfg.host, port: media.localPort, sessionId: startedAt, version: 0 };
      },
    };
    this.#clock.add(media);
    return {
      media: { host: this.cfg.host, port: media.localPort, sessionId: startedAt, version: 1 },
      session,
    };
  }

  async #run(call: IncomingCall, active: ActiveCall, startedAt: number): Promise<void> {
    const { version, tree } = await this.store.active();
    const services: IvrServices = {
      ...this.#services,
      enqueue: async (queue, caller) => {
        const prepared = await this.#bridge?.prepare(active.media).catch((error) => {
          console.error("sip edge: no media room for a phone caller:", error.message);
          return null;
        });
        try {
          const id = await this.#services.enqueue(queue, caller);
          if (prepared) active.leg = prepared.attach(id);
          return id;
        } catch (error) {
          prepared?.discard();
          throw error;
        }
      },
      connect: this.#bridge
        ? async (id) => {
          if (!active.leg) return false;
          await Promise.race([active.leg.talk(), active.io.whenGone]);
          if (active.io.gone) {
            // The caller hung up mid-conversation: the agent's call ends too.
            await this.#services.endCall(id).catch((e) =>
              console.error("sip edge: ending call:", e.message)
            );
          }
          return true;
        }
        : null,
    };
    const runner = new IvrRunner(tree, active.io, services, {
      caller: call.caller,
      sipCallId: call.callId,
    });
    active.runner = runner;
    const limit = setTimeout(() => active.io.hangup(), this.cfg.maxCallMs ?? 2 * 3_600_000);
    const outcome = await runner.run();
    clearTimeout(limit);
    if (!active.io.gone) await active.io.hangup();
    const pii = this.deps.pii;
    const phone = /^\+?[0-9 -]{3,20}$/.test(call.caller);
    await this.store.saveCall({
      sipCallId: call.callId,
      treeVersion: version,
      callerEnc: phone ? await pii.encrypt(call.caller) : null,
      callerHash: phone ? await pii.lookupHash(call.caller) : null,
      dialed: call.dialed,
      language: runner.lang,
      startedAt,
      endedAt: (this.deps.now ?? Date.now)(),
      outcome,
      acdCallId: runner.acdCallId,
      caseNumber: runner.caseNumber,
      path: runner.path,
      rtpIn: active.media.stats.rtpIn,
      rtpOut: active.media.stats.rtpOut,
      digits: active.media.stats.digits,
    }).catch((error) => console.error("sip edge: storing a call's path failed:", error));
  }

  /** Whether calls can be placed (an outbound trunk is configured). */
  get canCallOut(): boolean {
    return this.cfg.outbound !== undefined;
  }

  /**
   * What the seat's own calls (telephony/seat_dialer.ts, telephony/consult.ts) are placed with:
   * the trunk, this edge's UA, RTP ports and clock, and the bridge into the media layer's rooms.
   * Undefined without an outbound trunk or without a media layer.
   */
  trunk(): TrunkParts | undefined {
    if (!this.cfg.outbound || !this.#bridge || !this.deps.media) return undefined;
    return {
      ua: this.#ua,
      ports: this.#pool,
      clock: this.#clock,
      host: this.cfg.host,
      trunk: this.cfg.outbound,
      auth: this.cfg.digest,
      bridge: this.#bridge,
      network: this.deps.media.config,
    };
  }

  /** Calls the citizen of a reviewed case back through the trunk and records the answers. */
  callback(caseNumber: string, attempt?: { n: number; of: number }): Promise<CallbackOutcome> {
    if (!this.cfg.outbound) {
      throw new AppError(
        503,
        "no_outbound_trunk",
        "未配置外呼中继 (SIP_TRUNK_OUTBOUND)，无法电话回访",
      );
    }
    return phoneCallback(
      {
        ua: this.#ua,
        ports: this.#pool,
        clock: this.#clock,
        tts: this.tts,
        store: this.store,
        db: this.deps.db,
        pii: this.deps.pii,
        now: this.deps.now ?? Date.now,
        host: this.cfg.host,
        trunk: this.cfg.outbound,
        auth: this.cfg.digest,
      },
      caseNumber,
      attempt,
    );
  }

  /** Hangs up every call (BYE), waits for their paths to be stored, closes the sockets. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { io } of this.#calls.values()) io.hangup();
    await Promise.allSettled([...this.#running]);
    await this.#ua.stop();
  }
}
