/**
 * The menu's ears and mouth on a real call: prompts through TTS into the RTP session, keys
 * from RFC 4733 or SIP INFO into a type-ahead buffer, recordings, music on hold. A key stops
 * what is playing (barge-in); keys typed ahead skip the prompts they answer.
 */
import { alawToUlaw } from "../g711.ts";
import type { RtpSession } from "../sip/rtp_session.ts";
import { type Language, tone, type Tts } from "../tts/tts.ts";
import { CallerHungUp, type IvrIo, type Recording } from "./ivr_io.ts";

/** A quiet four-note phrase with pauses, looped while the caller waits. */
const HOLD_MUSIC = (() => {
  const notes = [523, 659, 784, 659].map((hz) => tone(hz, 450, 0.08));
  const gap = new Uint8Array(8 * 150).fill(0xff);
  const parts = notes.flatMap((n) => [n, gap]);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0) + 8 * 1000);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.fill(0xff, at);
})();
const BEEP = tone(1000, 300);
const DIGIT_GAP = new Uint8Array(8 * 120).fill(0xff);
const ZH_DIGITS = [..."零一二三四五六七八九"];
const EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

export class CallIo implements IvrIo {
  #buffer: string[] = [];
  #waiter: ((digit: string | null) => void) | null = null;
  #rejecter: ((e: Error) => void) | null = null;
  #gone = false;
  #goneNow!: () => void;
  /** Settles when the call is over, from either side. */
  readonly whenGone = new Promise<void>((resolve) => this.#goneNow = resolve);

  constructor(
    private readonly media: RtpSession,
    private readonly tts: Tts,
    private readonly endCall: () => void,
  ) {}

  /** A key from RTP or INFO. */
  digit(d: string): void {
    if (this.#gone) return;
    this.media.stopPlayback();
    if (this.#waiter) {
      const w = this.#waiter;
      this.#clearWaiter();
      w(d);
    } else if (this.#buffer.length < 32) this.#buffer.push(d);
  }

  /** The caller hung up: whatever the menu waits for fails with CallerHungUp. */
  callerHungUp(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#goneNow();
    this.media.stopPlayback();
    this.#rejecter?.(new CallerHungUp());
    this.#clearWaiter();
  }

  get gone(): boolean {
    return this.#gone;
  }

  #check(): void {
    if (this.#gone) throw new CallerHungUp();
  }

  #clearWaiter(): void {
    this.#waiter = null;
    this.#rejecter = null;
  }

  async say(text: string, lang: Language): Promise<void> {
    this.#check();
    if (this.#buffer.length > 0) return;
    const audio = await this.tts.say(text, lang);
    this.#check();
    if (this.#buffer.length > 0) return;
    this.media.stopPlayback(); // music on hold gives way to the announcement
    await this.media.play(audio);
    this.#check();
  }

  async sayDigits(digits: string, lang: Language): Promise<void> {
    this.#check();
    if (this.#buffer.length > 0) return;
    const words = lang === "en" ? EN_DIGITS : ZH_DIGITS;
    const clips = await Promise.all(
      [...digits].filter((d) => d >= "0" && d <= "9").map((d) =>
        this.tts.say(words[Number(d)], lang, { trim: true })
      ),
    );
    this.#check();
    if (this.#buffer.length > 0) return;
    // A short pause between digits, a longer one around the number.
    const pieces = [DIGIT_GAP, ...clips.flatMap((c) => [c, DIGIT_GAP]), DIGIT_GAP];
    const audio = new Uint8Array(pieces.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of pieces) {
      audio.set(c, at);
      at += c.length;
    }
    this.media.stopPlayback();
    await this.media.play(audio);
    this.#check();
  }

  async beep(): Promise<void> {
    this.#check();
    await this.media.play(BEEP);
    this.#check();
  }

  /** The next key, or null after `ms` without one. */
  #next(ms: number): Promise<string | null> {
    this.#check();
    if (this.#buffer.length > 0) return Promise.resolve(this.#buffer.shift()!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#clearWaiter();
        resolve(null);
      }, ms);
      this.#waiter = (d) => {
        clearTimeout(timer);
        resolve(d);
      };
      this.#rejecter = (e) => {
        clearTimeout(timer);
        reject(e);
      };
    });
  }

  async collect(o: { max: number; terminator?: string; firstMs: number; interMs?: number }) {
    let out = "";
    while (out.length < o.max) {
      const d = await this.#next(out === "" ? o.firstMs : o.interMs ?? o.firstMs);
      if (d === null || d === o.terminator) break;
      out += d;
    }
    return out;
  }

  peek(): string | null {
    return this.#buffer[0] ?? null;
  }

  flush(): void {
    this.#buffer = [];
  }

  async record(o: { maxMs: number; terminator: string }): Promise<Recording> {
    this.#check();
    this.media.startRecording();
    const until = Date.now() + o.maxMs;
    let hungUp = false;
    try {
      for (;;) {
        const left = until - Date.now();
        if (left <= 0) break;
        const d = await this.#next(left);
        if (d === null || d === o.terminator) break;
      }
    } catch (error) {
      // Hanging up ends a voicemail as often as # does: the message so far is returned.
      if (!(error instanceof CallerHungUp)) throw error;
      hungUp = true;
    }
    const audio = this.media.stopRecording();
    return { audio, codec: this.media.codec, ms: Math.round(audio.length / 8), hungUp };
  }

  async playRecording(r: Recording): Promise<void> {
    this.#check();
    this.media.stopPlayback();
    await this.media.play(r.codec === "PCMA" ? alawToUlaw(r.audio) : r.audio);
    this.#check();
  }

  async hold(ms: number): Promise<string | null> {
    this.#check();
    if (!this.media.playing) void this.media.play(HOLD_MUSIC);
    return await this.#next(ms);
  }

  stopPlayback(): void {
    this.media.stopPlayback();
  }

  /** Ends the call from our side; a menu step still waiting (shutdown, time limit) ends too. */
  hangup(): Promise<void> {
    if (!this.#gone) {
      this.#gone = true;
      this.#goneNow();
      this.media.stopPlayback();
      this.endCall();
      this.#rejecter?.(new CallerHungUp());
      this.#clearWaiter();
    }
    return Promise.resolve();
  }
}
