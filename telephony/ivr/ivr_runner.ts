/**
 * Runs one caller through a menu tree: node by node, each visit recorded with its digits and
 * time for the statistics. 0 leads to a person from every menu, prompt, confirmation and survey;
 * while a case number is typed (where 0 is a digit), * does.
 */
import { isValidCaseNumber } from "../../server/cases/case_number.ts";
import type { Language } from "../tts/tts.ts";
import { CallerHungUp, type IvrIo, type IvrServices, type Recording } from "./ivr_io.ts";
import { type Phrase, PHRASES, STATUS_EN } from "./ivr_phrases.ts";
import { DEFAULT_OFFER_AFTER_S, type IvrNode, type IvrTree, type NodeKind } from "./ivr_tree.ts";

export interface PathStep {
  node: string;
  kind: NodeKind;
  /** Since the call entered the menu. */
  at_ms: number;
  ms: number;
  digits: string;
  result?: string;
  /** What the caller was told last, e.g. the queue position and expected wait. */
  note?: string;
}

export type Outcome =
  | "in_menu"
  | "completed" // the menu said goodbye
  | "caller_hung_up"
  | "abandoned" // hung up waiting in a queue
  | "agent" // talked to a person
  | "callback"
  | "error";

const MAX_STEPS = 300;
/** A caller id we can dial back (not "anonymous" or a SIP user name). */
const PHONE = /^\+?[0-9 -]{5,20}$/;
const ZERO = "0";
type Text = { zh: string; en?: string };

/** Whether a branch rule holds at `now` (China time, UTC+8, no daylight saving). */
export function ruleHolds(
  rule: { days?: number[]; from?: string; to?: string; lang?: Language },
  lang: Language,
  now: number,
): boolean {
  const local = new Date(now + 8 * 3_600_000);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const hhmm = `${String(local.getUTCHours()).padStart(2, "0")}:${
    String(local.getUTCMinutes()).padStart(2, "0")
  }`;
  if (rule.days && !rule.days.includes(day)) return false;
  if (rule.from && hhmm < rule.from) return false;
  if (rule.to && hhmm >= rule.to) return false;
  return !rule.lang || rule.lang === lang;
}

export class IvrRunner {
  readonly path: PathStep[] = [];
  lang: Language = "zh";
  outcome: Outcome = "in_menu";
  acdCallId: number | null = null;
  caseNumber: string | null = null;
  #started: number;
  #step?: PathStep;

  constructor(
    private readonly tree: IvrTree,
    private readonly io: IvrIo,
    private readonly services: IvrServices,
    private readonly call: { caller: string; sipCallId: string },
  ) {
    this.#started = services.now();
  }

  /** Resolves when the call leaves the menu for good; never rejects. */
  async run(): Promise<Outcome> {
    let id: string | null = this.tree.start;
    try {
      while (id !== null) {
        if (this.path.length >= MAX_STEPS) throw new Error("too many menu steps");
        const node: IvrNode = this.tree.nodes[id];
        this.#enter(id, node.kind);
        id = await this.#visit(node);
        this.#leave();
      }
      if (this.outcome === "in_menu") this.outcome = "completed";
    } catch (error) {
      this.#leave(error instanceof CallerHungUp ? "hung_up" : "error");
      if (error instanceof CallerHungUp) {
        if (this.outcome === "in_menu") this.outcome = "caller_hung_up";
      } else {
        this.outcome = "error";
        console.error("ivr: menu failed:", error);
        await this.io.hangup().catch(() => {});
      }
    }
    return this.outcome;
  }

  #enter(node: string, kind: NodeKind): void {
    const at = this.services.now() - this.#started;
    this.#step = { node, kind, at_ms: at, ms: 0, digits: "" };
    this.path.push(this.#step);
  }

  #leave(result?: string): void {
    if (!this.#step) return;
    this.#step.ms = this.services.now() - this.#started - this.#step.at_ms;
    if (result && !this.#step.result) this.#step.result = result;
    this.#step = undefined;
  }

  #result(result: string): void {
    if (this.#step) this.#step.result = result;
  }

  #say(text: Text): Promise<void> {
    const en = this.lang === "en" && text.en;
    return this.io.say(en ? text.en! : text.zh, en ? "en" : "zh");
  }

  async #phrase(phrase: Phrase): Promise<void> {
    for (const part of phrase(this.lang)) {
      if (typeof part === "string") await this.io.say(part, this.lang);
      else await this.io.sayDigits(part.digits, this.lang);
    }
  }

  async #collect(o: Parameters<IvrIo["collect"]>[0]): Promise<string> {
    const digits = await this.io.collect(o);
    if (this.#step) {
      this.#step.digits += digits === "" ? "" : (this.#step.digits ? " " : "") + digits;
    }
    return digits;
  }

  /** A 0 typed ahead during a prompt goes to a person. */
  #zeroPressed(): boolean {
    if (this.io.peek() !== ZERO) return false;
    this.io.flush();
    if (this.#step) this.#step.digits += ZERO;
    return true;
  }

  #visit(node: IvrNode): Promise<string | null> {
    switch (node.kind) {
      case "prompt":
        return this.#say(node.say).then(() => this.#zeroPressed() ? this.tree.zero : node.next);
      case "menu":
        return this.#menu(node);
      case "branch": {
        const now = this.services.now();
        const rule = node.rules.find((r) => ruleHolds(r, this.lang, now));
        this.#result(rule ? rule.next : "else");
        return Promise.resolve(rule?.next ?? node.else);
      }
      case "queue":
        return this.#queue(node);
      case "record":
        return this.#record(node);
      case "case_query":
        return this.#caseQuery(node);
      case "survey":
        return this.#survey(node);
      case "hangup":
        return (node.say ? this.#say(node.say) : Promise.resolve()).then(async () => {
          await this.io.hangup();
          return null;
        });
    }
  }

  async #menu(node: Extract<IvrNode, { kind: "menu" }>): Promise<string> {
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      await this.#say(node.say);
      const key = await this.#collect({ max: 1, firstMs: node.timeout_s * 1000 });
      if (key === ZERO) return this.tree.zero;
      const option = node.options[key as keyof typeof node.options];
      if (option !== undefined) {
        if (typeof option === "string") return option;
        if (option.lang) this.lang = option.lang;
        return option.next;
      }
      this.io.flush();
      if (attempt < node.retries) {
        await this.#phrase(key === "" ? PHRASES.noInput : PHRASES.invalid);
      }
    }
    this.#result("on_fail");
    return node.on_fail;
  }

  async #queue(node: Extract<IvrNode, { kind: "queue" }>): Promise<string | null> {
    const queue = this.lang === "en" && node.queue_en ? node.queue_en : node.queue;
    const id = await this.services.enqueue(queue, this.call.caller);
    this.acdCallId = id;
    this.#result(`acd:${id}`);
    const queuedAt = this.services.now();
    // Only a caller with a number can be called back; the rest hear the message option only.
    const canCallBack = PHONE.test(this.call.caller);
    const offerAfterS = node.offer_after_s === undefined
      ? DEFAULT_OFFER_AFTER_S
      : node.offer_after_s;
    let offered = false;
    try {
      if (node.say) await this.#whileQueued(id, () => this.#say(node.say!));
      let announced = -Infinity;
      for (;;) {
        const s = await this.services.queueState(id);
        if (s.state === "connected" || s.state === "held") {
          this.outcome = "agent";
          await this.#talk(id);
          return node.after;
        }
        if (s.state === "ended") {
          if (s.answered) {
            this.outcome = "agent"; // answered and over between two looks
            return node.after;
          }
          if (s.endReason === "voicemail") return node.on_voicemail;
          if (s.endReason === "callback") {
            this.outcome = "callback";
            await this.#phrase(PHRASES.callback);
            await this.io.hangup();
            return null;
          }
          // Ended by someone else (a supervisor, a failure): nothing more to offer.
          return node.after;
        }
        const now = this.services.now();
        if (
          s.state === "queued" && !offered && offerAfterS !== null &&
          now - queuedAt >= offerAfterS * 1000
        ) {
          // Said once; from then on 2 (a callback) is heard while holding, as 1 always is.
          offered = true;
          if (this.#step) {
            this.#step.note = `offered after ${Math.round((now - queuedAt) / 1000)} s`;
          }
          await this.#whileQueued(
            id,
            () =>
              this.#phrase(canCallBack ? PHRASES.longWaitOffer : PHRASES.longWaitOfferNoCallback),
          );
          announced = this.services.now();
          continue;
        }
        if (s.state === "queued" && now - announced >= node.announce_every_s * 1000) {
          announced = now;
          const p = await this.services.queuePosition(id);
          if (p.position !== null) {
            if (this.#step) {
              this.#step.note = `position ${p.position}, wait ${p.expectedWaitS ?? "?"} s`;
            }
            await this.#whileQueued(id, async () => {
              await this.#phrase(PHRASES.position(p.position!, p.expectedWaitS));
              await this.#phrase(PHRASES.holdOffer);
            });
          }
          continue;
        }
        const key = await this.io.hold(1000);
        if (key === "1") {
          // The caller chose the mailbox over waiting: an abandon, with its position and wait.
          if (this.#step) this.#step.digits += key;
          await this.#abandon(id);
          return node.on_voicemail;
        }
        if (key === "2" && offered && canCallBack) {
          if (this.#step) this.#step.digits += key;
          const booked = await this.services.requestCallback({
            acdCallId: id,
            queue,
            waitedS: Math.round((this.services.now() - queuedAt) / 1000),
          });
          // An agent answered in that very moment: the caller stays, and the loop connects them.
          if (!booked) continue;
          this.outcome = "callback";
          this.caseNumber = booked.caseNumber;
          this.#result(`callback:${booked.caseNumber}`);
          await this.#phrase(PHRASES.callbackBooked(booked.caseNumber));
          await this.io.hangup();
          return null;
        }
      }
    } catch (error) {
      // Hanging up while hearing the callback confirmation: the call already left the queue.
      if (this.outcome === "callback") throw error;
      if (error instanceof CallerHungUp && this.outcome !== "agent") {
        this.outcome = "abandoned";
        this.#result("abandoned");
        await this.#abandon(id);
      } else if (error instanceof CallerHungUp) {
        await this.services.endCall(id).catch((e) =>
          console.error("ivr: ending the call:", e.message)
        );
      }
      throw error;
    }
  }

  /** An announcement that stops as soon as an agent answers (or the ACD ends the wait). */
  async #whileQueued(id: number, speak: () => Promise<void>): Promise<void> {
    let looking = false;
    const watch = setInterval(() => {
      if (looking) return;
      looking = true;
      this.services.queueState(id)
        .then((s) => s.state !== "queued" && s.state !== "ringing" && this.io.stopPlayback())
        .catch(() => {})
        .finally(() => looking = false);
    }, 500);
    try {
      await speak();
    } finally {
      clearInterval(watch);
    }
  }

  async #abandon(id: number): Promise<void> {
    await this.services.abandon(id).catch(() => {
      // Already answered or ended: nothing to abandon.
    });
  }

  /** The conversation with the agent; without a media layer, the wait for the ACD call's end. */
  async #talk(id: number): Promise<void> {
    if (this.services.connect && await this.services.connect(id)) {
      // The caller may have hung up mid-conversation: the next step finds out.
      return;
    }
    await this.#phrase(PHRASES.noMedia);
    for (;;) {
      const s = await this.services.queueState(id);
      if (s.state === "ended") return;
      await this.io.hold(1000);
    }
  }

  async #record(node: Extract<IvrNode, { kind: "record" }>): Promise<string> {
    let recording: Recording | null = null;
    for (let attempt = 0; attempt < 3 && !recording; attempt++) {
      await this.#say(node.say);
      if (this.#zeroPressed()) return this.tree.zero;
      this.io.flush();
      await this.io.beep();
      const r = await this.io.record({ maxMs: node.max_s * 1000, terminator: "#" });
      if (r.hungUp) {
        // A message left by hanging up counts where no confirmation was asked (the mailbox).
        if (!node.confirm && r.ms >= 1000) await this.#register(node, r);
        throw new CallerHungUp();
      }
      if (r.ms >= 1000) recording = r;
      else await this.#phrase(PHRASES.recordEmpty);
    }
    if (!recording) {
      this.#result("empty");
      return node.next;
    }
    if (node.confirm) {
      for (let attempt = 0;; attempt++) {
        if (attempt >= 4) {
          this.#result("unconfirmed");
          return node.next;
        }
        await this.#phrase(PHRASES.recordConfirm);
        const key = await this.#collect({ max: 1, firstMs: 8000 });
        if (key === "1") break;
        if (key === ZERO) return this.tree.zero;
        if (key === "2") await this.io.playRecording(recording);
        else if (key === "3") {
          this.#result("cancelled");
          await this.#phrase(PHRASES.recordCancelled);
          return node.next;
        } else this.io.flush();
      }
    }
    const caseNumber = await this.#register(node, recording);
    if (caseNumber) {
      await this.#phrase(PHRASES.caseRegistered(caseNumber, node.purpose === "mailbox"));
    } else {
      await this.#phrase(PHRASES.saveFailed);
      if (this.#zeroPressed()) return this.tree.zero;
    }
    return node.next;
  }

  async #register(node: Extract<IvrNode, { kind: "record" }>, recording: Recording) {
    try {
      const { caseNumber } = await this.services.registerRecording({
        caller: this.call.caller,
        purpose: node.purpose,
        caseType: node.case_type,
        recording,
        sipCallId: this.call.sipCallId,
      });
      this.caseNumber = caseNumber;
      this.#result(`case:${caseNumber}`);
      return caseNumber;
    } catch (error) {
      console.error("ivr: saving a recording failed:", error);
      this.#result("save_failed");
      return null;
    }
  }

  async #caseQuery(node: Extract<IvrNode, { kind: "case_query" }>): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.#say(node.say);
      // Up to 9 keys: eight digits and # end at once; eight without # end after a pause.
      const typed = await this.#collect({
        max: 9,
        terminator: "#",
        firstMs: 10_000,
        interMs: 4000,
      });
      if (typed.includes("*")) return this.tree.zero;
      if (!isValidCaseNumber(typed)) {
        this.io.flush();
        await this.#phrase(PHRASES.badNumber);
        continue;
      }
      await this.#phrase(PHRASES.confirmNumber(typed));
      const key = await this.#collect({ max: 1, firstMs: 8000 });
      if (key === ZERO) return this.tree.zero;
      if (key !== "1") {
        this.io.flush();
        continue;
      }
      const answer = await this.services.caseStatus(typed, this.call.caller);
      if (!answer) {
        this.#result("not_found");
        await this.#phrase(PHRASES.caseNotFound);
        return this.#zeroPressed() ? this.tree.zero : node.next;
      }
      this.#result(`found:${typed}`);
      await this.#phrase(
        PHRASES.caseStatus(typed, answer.status, STATUS_EN[answer.status] ?? "in progress"),
      );
      if (answer.reply) {
        const opinion = answer.reply.opinion.length > 200
          ? answer.reply.opinion.slice(0, 200) + "……"
          : answer.reply.opinion;
        await this.#phrase(PHRASES.caseReply(answer.reply.unit, opinion));
      }
      return this.#zeroPressed() ? this.tree.zero : node.next;
    }
    this.#result("too_many_attempts");
    await this.#phrase(PHRASES.tooMany);
    return node.next;
  }

  async #survey(node: Extract<IvrNode, { kind: "survey" }>): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.#say(node.say);
      const key = await this.#collect({ max: 1, firstMs: 8000 });
      if (key === ZERO) return this.tree.zero;
      if (/^[1-5]$/.test(key)) {
        await this.services.saveSurvey({
          survey: node.survey,
          score: Number(key),
          caller: this.call.caller,
          acdCallId: node.survey === "satisfaction" ? this.acdCallId : null,
          sipCallId: this.call.sipCallId,
        });
        this.#result(`score:${key}`);
        await this.#phrase(PHRASES.thanksRating);
        return node.next;
      }
      this.io.flush();
      if (attempt === 0) await this.#phrase(key === "" ? PHRASES.noInput : PHRASES.invalid);
    }
    this.#result("no_score");
    return node.next;
  }
}
