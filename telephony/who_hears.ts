/**
 * Who hears whom on a call: the one rule behind talking, hold, listen, whisper, barge and the
 * consultation / three-party phases. The room pauses or resumes each consumer by it, so
 * switching a mode or a phase never re-joins anyone.
 */
/** `third`: the party an agent consults through the trunk (a department, the leader on duty). */
export type PartyRole = "caller" | "agent" | "supervisor" | "recorder" | "music" | "third";
export type MonitorMode = "listen" | "whisper" | "barge";
/**
 * waiting: queued or ringing; talking: answered; held: on hold (the caller hears music);
 * consulting: the caller on hold with music while the agent talks to the third party;
 * conference: all three hear each other; transferred: the agent left, caller and third party
 * talk on.
 */
export type CallPhase =
  | "waiting"
  | "talking"
  | "held"
  | "consulting"
  | "conference"
  | "transferred";

export interface Party {
  role: PartyRole;
  /** A supervisor's monitor mode. */
  mode?: MonitorMode;
}

/** Who is in the conversation in each phase: they hear each other (and the recording has them). */
const IN_CONVERSATION: Record<CallPhase, readonly PartyRole[]> = {
  waiting: [],
  talking: ["caller", "agent"],
  held: [],
  consulting: ["agent", "third"],
  conference: ["caller", "agent", "third"],
  transferred: ["caller", "third"],
};

export function inConversation(role: PartyRole, phase: CallPhase): boolean {
  return IN_CONVERSATION[phase].includes(role);
}

export function hears(listener: Party, speaker: Party, phase: CallPhase): boolean {
  // Music on hold is for the caller alone (also while the agent consults): not the agent, not a
  // listening supervisor, not the third party, and not the recording (the file is the
  // conversation; a hold is a silent stretch of it).
  if (speaker.role === "music") {
    return listener.role === "caller" && (phase === "held" || phase === "consulting");
  }
  if (listener.role === "music") return false; // a source, never a listener
  const together = inConversation(speaker.role, phase);
  const supervisorSpeaks = (modes: MonitorMode[]) =>
    speaker.role === "supervisor" && modes.includes(speaker.mode ?? "listen");
  switch (listener.role) {
    case "caller":
    case "third":
      // A barging supervisor is heard by whoever is in the conversation, like the agent.
      return inConversation(listener.role, phase) &&
        ((together && speaker.role !== listener.role) || supervisorSpeaks(["barge"]));
    case "agent":
      return (inConversation("agent", phase) && together && speaker.role !== "agent") ||
        supervisorSpeaks(["whisper", "barge"]);
    case "supervisor":
      // A supervisor hears the agent even on hold (what the agent says off the call matters too).
      return (together && speaker.role !== "supervisor") || speaker.role === "agent";
    case "recorder":
      // The recording is the call as it was spoken: a whisper is not part of it.
      return IN_CONVERSATION[phase].length > 0 && (together || supervisorSpeaks(["barge"]));
  }
}
