/**
 * Prompts by text-to-speech: espeak-ng (Mandarin through the `cmn-latn-pinyin` voice, whose
 * plain `cmn` sibling reads Chinese as English words) and sox down to 8 kHz μ-law, cached on
 * disk by a hash of voice and text, and in memory for the prompts every call plays.
 */
import { sha256Hex } from "../../server/sha256.ts";
import { linearToUlaw } from "../g711.ts";

export type Language = "zh" | "en";

const VOICES: Record<Language, string> = { zh: "cmn-latn-pinyin", en: "en-us" };
const MEMORY_ENTRIES = 400;
const PARALLEL = 2;

export interface TtsOptions {
  /** Where rendered prompts live ($DATA_DIR/prompts). */
  dir: string;
  /** Words per minute (espeak-ng -s). */
  speed?: number;
}

export class Tts {
  #memory = new Map<string, Uint8Array>();
  #inFlight = new Map<string, Promise<Uint8Array>>();
  #running = 0;
  #waiting: (() => void)[] = [];
  #warned = false;
  renders = 0;
  failures = 0;

  constructor(private readonly opts: TtsOptions) {}

  /** 8 kHz μ-law audio of `text`; never throws (a failed render is a short tone, logged). */
  async say(text: string, lang: Language = "zh", o: { trim?: boolean } = {}): Promise<Uint8Array> {
    const speed = this.opts.speed ?? (lang === "zh" ? 170 : 165);
    const trim = o.trim ?? false;
    const key = await sha256Hex(`${VOICES[lang]}|${speed}|${trim ? "trim|" : ""}${text}`);
    const hit = this.#memory.get(key);
    if (hit) {
      // Re-insert: the map's order is the eviction order.
      this.#memory.delete(key);
      this.#memory.set(key, hit);
      return hit;
    }
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#load(key, text, lang, speed, trim).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    const audio = await pending;
    this.#memory.set(key, audio);
    if (this.#memory.size > MEMORY_ENTRIES) {
      this.#memory.delete(this.#memory.keys().next().value!);
    }
    return audio;
  }

  async #load(
    key: string,
    text: string,
    lang: Language,
    speed: number,
    trim: boolean,
  ): Promise<Uint8Array> {
    const file = `${this.opts.dir}/${key}.ul`;
    try {
      return await Deno.readFile(file);
    } catch {
      // Not rendered yet.
    }
    await this.#slot();
    try {
      const audio = await render(text, VOICES[lang], speed, trim);
      this.renders++;
      await Deno.mkdir(this.opts.dir, { recursive: true });
      // Written under a temporary name first: a reader never sees half a prompt.
      const tmp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      await Deno.writeFile(tmp, audio);
      await Deno.rename(tmp, file);
      return audio;
    } catch (error) {
      this.failures++;
      if (!this.#warned) {
        this.#warned = true;
        console.error(
          `tts: rendering failed (${(error as Error).message}); playing a tone instead`,
        );
      }
      return tone(440, 400);
    } finally {
      this.#release();
    }
  }

  async #slot(): Promise<void> {
    if (this.#running >= PARALLEL) await new Promise<void>((r) => this.#waiting.push(r));
    this.#running++;
  }

  #release(): void {
    this.#running--;
    this.#waiting.shift()?.();
  }
}

async function render(
  text: string,
  voice: string,
  speed: number,
  trim: boolean,
): Promise<Uint8Array> {
  const espeak = await new Deno.Command("espeak-ng", {
    args: ["-v", voice, "-s", String(speed), "--stdout", "--", text],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!espeak.success || espeak.stdout.length < 44) {
    throw new Error(`espeak-ng failed: ${new TextDecoder().decode(espeak.stderr).trim()}`);
  }
  const sox = new Deno.Command("sox", {
    args: [
      ...["-V1", "-t", "wav", "-", "-r", "8000", "-c", "1", "-e", "mu-law", "-t", "raw", "-"],
      ...["vol", "0.8"],
      // Clips played one after another (digits) lose espeak's leading and trailing silence.
      ...(trim
        ? ["silence", "1", "0.02", "1%", "reverse", "silence", "1", "0.02", "1%", "reverse"]
        : []),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Read while writing: sox's output would otherwise fill the pipe and both would wait.
  const output = sox.output();
  const writer = sox.stdin.getWriter();
  await writer.write(espeak.stdout);
  await writer.close();
  const out = await output;
  if (!out.success || out.stdout.length === 0) {
    throw new Error(`sox failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return out.stdout;
}

/** A sine tone in μ-law (fallback prompt, beeps, hold music). */
export function tone(hz: number, ms: number, level = 0.25): Uint8Array {
  const n = Math.round(ms * 8);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Short fades at both ends: no clicks.
    const fade = Math.min(1, i / 80, (n - i) / 80);
    out[i] = linearToUlaw(
      Math.round(Math.sin((2 * Math.PI * hz * i) / 8000) * 32767 * level * fade),
    );
  }
  return out;
}
