/**
 * What the menu needs from a call and from the rest of the system. The runner is written
 * against these two interfaces only, so it is tested with scripted digits and no audio.
 */
import type { Language } from "../tts/tts.ts";

/** Thrown by every `IvrIo` method once the caller has hung up. */
export class CallerHungUp extends Error {
  override name = "CallerHungUp";
}

export interface Recording {
  /** Raw G.711 in the call's codec. */
  audio: Uint8Array;
  codec: "PCMU" | "PCMA";
  ms: number;
  /** The caller hung up instead of pressing the terminator (the audio so far is kept). */
  hungUp?: boolean;
}

export interface IvrIo {
  /** Speaks `text`; a key pressed meanwhile stops it and waits in the type-ahead buffer. */
  say(text: string, lang: Language): Promise<void>;
  /** Reads digits one by one (case numbers), from one cached clip per digit. */
  sayDigits(digits: string, lang: Language): Promise<void>;
  beep(): Promise<void>;
  /**
   * Up to `max` digits, type-ahead first; ends at `terminator` (not returned) or when no key
   * comes within `firstMs` (before the first) / `interMs` (between keys).
   */
  collect(
    o: { max: number; terminator?: string; firstMs: number; interMs?: number },
  ): Promise<string>;
  /** The first digit waiting in the type-ahead buffer, if any, without taking it. */
  peek(): string | null;
  /** Drops type-ahead (after a wrong key, so a burst of keys does not run through menus). */
  flush(): void;
  /** The caller's audio until `terminator`, `maxMs` or hang-up (which does not throw here). */
  record(o: { maxMs: number; terminator: string }): Promise<Recording>;
  playRecording(r: Recording): Promise<void>;
  /** Music on hold for up to `ms`; returns a key pressed meanwhile, or null. */
  hold(ms: number): Promise<string | null>;
  /** Cuts what is playing now (an agent answered during an announcement). */
  stopPlayback(): void;
  hangup(): Promise<void>;
}

export interface CaseStatusAnswer {
  status: string;
  reply: { opinion: string; unit: string; reply_date: string } | null;
}

export interface QueueState {
  state: "queued" | "ringing" | "connected" | "held" | "ended" | string;
  endReason: string | null;
  /** An agent answered (the call may have ended since). */
  answered: boolean;
}

export interface IvrServices {
  now(): number;
  registerRecording(i: {
    caller: string;
    purpose: "mailbox" | "complaint";
    caseType: string;
    recording: Recording;
    sipCallId: string;
  }): Promise<{ caseNumber: string }>;
  /** The public status of a case, when the caller's number is the case's phone; else null. */
  caseStatus(caseNumber: string, caller: string): Promise<CaseStatusAnswer | null>;
  saveSurvey(i: {
    survey: "opinion" | "satisfaction";
    score: number;
    caller: string;
    acdCallId: number | null;
    sipCallId: string;
  }): Promise<void>;
  enqueue(queue: string, caller: string): Promise<number>;
  /**
   * The caller asked to be called back instead of waiting: the ACD call leaves the queue (ended
   * as a callback, not an abandon) and a case for the agents holds the request. Null when the
   * call is no longer waiting (an agent answered meanwhile).
   */
  requestCallback(i: {
    acdCallId: number;
    queue: string;
    waitedS: number;
  }): Promise<{ caseNumber: string } | null>;
  /** Cheap: polled every second while the caller waits. */
  queueState(acdCallId: number): Promise<QueueState>;
  /** Dearer (reads the whole queue): only when the position is announced. */
  queuePosition(
    acdCallId: number,
  ): Promise<{ position: number | null; expectedWaitS: number | null }>;
  abandon(acdCallId: number): Promise<void>;
  /** The caller hung up while talking to an agent: the ACD call ends as the agent's hang-up would. */
  endCall(acdCallId: number): Promise<void>;
  /**
   * Connects the caller's audio with the agent's seat; resolves true when the conversation is
   * over, false at once when this call has no media (the runner then waits for the ACD call to
   * end). Null: no media layer at all.
   */
  connect: ((acdCallId: number) => Promise<boolean>) | null;
}
