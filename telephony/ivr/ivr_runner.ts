/**
 * Runs one caller through a menu tree: node by node, each visit recorded with its digits and
 * time for the statistics. 0 leads to a person from every menu, prompt, confirmation and survey;
 * while a case number is typed (where 0 is a digit), * does.
 */
import type { Language } from "../tts/tts.ts";
import { type NodeContext, type Outcome, type Text, ZERO } from "./ivr_context.ts";
import { CallerHungUp, type IvrIo, type IvrServices } from "./ivr_io.ts";
import { type Phrase, PHRASES } from "./ivr_phrases.ts";
import { runQueue } from "./ivr_queue.ts";
import { runCaseQuery, runRecord, runSurvey } from "./ivr_self_service.ts";
import type { IvrNode, IvrTree, NodeKind } from "./ivr_tree.ts";

export type { Outcome } from "./ivr_context.ts";

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

const MAX_STEPS = 300;

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

export class IvrRunner implements NodeContext {
  readonly path: PathStep[] = [];
  lang: Language = "zh";
  outcome: Outcome = "in_menu";
  acdCallId: number | null = null;
  caseNumber: string | null = null;
  #started: number;
  #step?: PathStep;

  constructor(
    readonly tree: IvrTree,
    readonly io: IvrIo,
    readonly services: IvrServices,
    readonly call: { caller: string; sipCallId: string },
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

  result(result: string): void {
    if (this.#step) this.#step.result = result;
  }

  say(text: Text): Promise<void> {
    const en = this.lang === "en" && text.en;
    return this.io.say(en ? text.en! : text.zh, en ? "en" : "zh");
  }

  async phrase(phrase: Phrase): Promise<void> {
    for (const part of phrase(this.lang)) {
      if (typeof part === "string") await this.io.say(part, this.lang);
      else await this.io.sayDigits(part.digits, this.lang);
    }
  }

  async collect(o: Parameters<IvrIo["collect"]>[0]): Promise<string> {
    const digits = await this.io.collect(o);
    if (this.#step) {
      this.#step.digits += digits === "" ? "" : (this.#step.digits ? " " : "") + digits;
    }
    return digits;
  }

  note(note: string): void {
    if (this.#step) this.#step.note = note;
  }

  addDigits(digits: string): void {
    if (this.#step) this.#step.digits += digits;
  }

  zeroPressed(): boolean {
    if (this.io.peek() !== ZERO) return false;
    this.io.flush();
    if (this.#step) this.#step.digits += ZERO;
    return true;
  }

  #visit(node: IvrNode): Promise<string | null> {
    switch (node.kind) {
      case "prompt":
        return this.say(node.say).then(() => this.zeroPressed() ? this.tree.zero : node.next);
      case "menu":
        return this.#menu(node);
      case "branch": {
        const now = this.services.now();
        const rule = node.rules.find((r) => ruleHolds(r, this.lang, now));
        this.result(rule ? rule.next : "else");
        return Promise.resolve(rule?.next ?? node.else);
      }
      case "queue":
        return runQueue(this, node);
      case "record":
        return runRecord(this, node);
      case "case_query":
        return runCaseQuery(this, node);
      case "survey":
        return runSurvey(this, node);
      case "hangup":
        return (node.say ? this.say(node.say) : Promise.resolve()).then(async () => {
          await this.io.hangup();
          return null;
        });
    }
  }

  async #menu(node: Extract<IvrNode, { kind: "menu" }>): Promise<string> {
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      await this.say(node.say);
      const key = await this.collect({ max: 1, firstMs: node.timeout_s * 1000 });
      if (key === ZERO) return this.tree.zero;
      const option = node.options[key as keyof typeof node.options];
      if (option !== undefined) {
        if (typeof option === "string") return option;
        if (option.lang) this.lang = option.lang;
        return option.next;
      }
      this.io.flush();
      if (attempt < node.retries) {
        await this.phrase(key === "" ? PHRASES.noInput : PHRASES.invalid);
      }
    }
    this.result("on_fail");
    return node.on_fail;
  }
}
