/**
 * Who hears whom on a call: the one rule behind talking, hold, listen, whisper and barge. The room
 * pauses or resumes each consumer by it, so switching a mode never re-joins anyone.
 */
export type PartyRole = "caller" | "agent" | "supervisor" | "recorder" | "music";
export type MonitorMode = "listen" | "whisper" | "barge";
/** waiting: queued or ringing; talking: answered; held: on hold (the caller hears music). */
export type CallPhase = "waiting" | "talking" | "held";

export interface Party {
  role: PartyRole;
  /** A supervisor's monitor mode. */
  mode?: MonitorMode;
}

export function hears(listener: Party, speaker: Party, phase: CallPhase): boolean {
  // Music on hold is for the caller alone: not the agent, not a listening supervisor, and not
  // the recording (hold is silence there, as it was before music: the file is the conversation).
  if (speaker.role === "music") return listener.role === "caller" && phase === "held";
  const talking = phase === "talking";
  const supervisorSpeaks = (modes: MonitorMode[]) =>
    speaker.role === "supervisor" && modes.includes(speaker.mode ?? "listen");
  switch (listener.role) {
    case "caller":
      return talking && (speaker.role === "agent" || supervisorSpeaks(["barge"]));
    case "agent":
      return (talking && speaker.role === "caller") || supervisorSpeaks(["whisper", "barge"]);
    case "supervisor":
      // A supervisor hears the agent even on hold (what the agent says off the call matters too).
      return (talking && speaker.role === "caller") || speaker.role === "agent";
    case "recorder":
      // The recording is the call as the caller lived it: a whisper is not part of it.
      return talking && (speaker.role !== "supervisor" || supervisorSpeaks(["barge"]));
    case "music":
      return false; // a source, never a listener
  }
}
