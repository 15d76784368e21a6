/**
 * What a node's handler may do while the runner (ivr_runner.ts) has a caller on it: speak, collect
 * keys, note the step's result for the statistics, and read or set the call's outcome. The queue
 * (ivr_queue.ts) and the self-service nodes (ivr_self_service.ts) are written against it.
 */
import type { Language } from "../tts/tts.ts";
import type { IvrIo, IvrServices } from "./ivr_io.ts";
import type { Phrase } from "./ivr_phrases.ts";
import type { IvrTree } from "./ivr_tree.ts";

export type Outcome =
  | "in_menu"
  | "completed" // the menu said goodbye
  | "caller_hung_up"
  | "abandoned" // hung up waiting in a queue
  | "agent" // talked to a person
  | "callback"
  | "error";

export type Text = { zh: string; en?: string };

export const ZERO = "0";

export interface NodeContext {
  readonly tree: IvrTree;
  readonly io: IvrIo;
  readonly services: IvrServices;
  readonly call: { caller: string; sipCallId: string };
  lang: Language;
  outcome: Outcome;
  acdCallId: number | null;
  caseNumber: string | null;
  say(text: Text): Promise<void>;
  phrase(phrase: Phrase): Promise<void>;
  /** Keys, recorded on the current step. */
  collect(o: Parameters<IvrIo["collect"]>[0]): Promise<string>;
  /** The current step's result, e.g. "case:12345678". */
  result(result: string): void;
  /** What the caller was told last on the current step. */
  note(note: string): void;
  /** Keys taken outside `collect` (while holding), recorded on the current step. */
  addDigits(digits: string): void;
  /** A 0 typed ahead during a prompt goes to a person. */
  zeroPressed(): boolean;
}
