/**
 * The recordings of a process's calls (docs/media.md, "Recording"): the row and the file of each
 * answered call, started once audio flows and stopped when the room closes; the files a crash
 * left half-written repaired at start; recordings past the retention deleted (audited).
 */
import type { CallRoom } from "./call_room.ts";
import type { MediaStore } from "./media_store.ts";
import type { RecordingFiles } from "./recording_files.ts";

export class CallRecordings {
  /** The recording row of each call that is being recorded. */
  readonly #ids = new Map<number, number>();

  constructor(
    private readonly store: MediaStore,
    readonly files: RecordingFiles,
    private readonly retentionDays: number,
    private readonly log?: (line: string) => void,
  ) {}

  /** Starts recording an answered call (once); a failed start leaves a `failed` row. */
  async start(room: CallRoom): Promise<void> {
    if (room.recorder || room.closed) return;
    const { id, file } = await this.store.recordingStarted(
      room.callId,
      (id) => this.files.nameFor(room.callId, id),
      new Date(),
    );
    this.#ids.set(room.callId, id);
    try {
      await room.startRecording(await this.files.start(room.router, file));
    } catch (error) {
      this.#ids.delete(room.callId);
      await this.store.recordingStopped(id, room.callId, {
        durationMs: 0,
        bytes: 0,
        state: "failed",
      });
      throw error;
    }
  }

  /** The call's room is closing: the file keeps what arrived, the row says how it ended. */
  async stop(room: CallRoom, state: "complete" | "failed"): Promise<void> {
    const id = this.#ids.get(room.callId);
    this.#ids.delete(room.callId);
    if (!room.recorder || id === undefined) return;
    const r = await room.recorder.stop();
    await this.store.recordingStopped(id, room.callId, { ...r, state });
  }

  /** What a crash left behind: recordings still open get a valid header and become interrupted. */
  async repairInterrupted(): Promise<void> {
    for (const rec of await this.store.openRecordings()) {
      const fixed = await this.files.repair(rec.file).catch(() => ({ bytes: 0, durationMs: 0 }));
      await this.store.markInterrupted(rec.id, Math.round(fixed.durationMs), fixed.bytes);
    }
  }

  /** Deletes recordings past the retention (files first, then the rows say so; audited). */
  async purge(): Promise<number> {
    const days = this.retentionDays;
    const expired = await this.store.expiredRecordings(days);
    for (const r of expired) await this.files.remove(r.file);
    await this.store.markDeleted(expired.map((r) => r.id), days);
    if (expired.length > 0) {
      this.log?.(
        `录音保留 recording retention: ${expired.length} recordings past ${days} days deleted`,
      );
    }
    return expired.length;
  }
}
