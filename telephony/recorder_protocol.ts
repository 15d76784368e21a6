/** The messages between the server and its recorder threads (recorder_thread.ts). */

export type RecorderRequest =
  & { req: number; id: number }
  & (
    | { op: "open"; path: string; startedAt: number }
    | { op: "channel"; ssrc: number; channel: 0 | 1 }
    | { op: "count" }
    | { op: "stop" }
  );

export interface RecorderReply {
  req: number;
  error?: string;
  /** open: the loopback port the recording listens on. */
  port?: number;
  /** count: RTP packets laid onto the file so far. */
  packets?: number;
  /** stop: what the file holds. */
  result?: { durationMs: number; bytes: number; packets: number; dropped: number };
}
