/** Where recordings live on disk: $DATA_DIR/recordings/YYYY-MM-DD/call-<call>-rec-<id>.wav. */
import type { types } from "mediasoup";
import { Recorder } from "./recorder.ts";
import { repairWav } from "./wav_file.ts";

export class RecordingFiles {
  constructor(readonly dir: string) {}

  /** The relative file name of a new recording (the day it started, in China time). */
  nameFor(callId: number, recordingId: number, at = new Date()): string {
    const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    return `${day}/call-${callId}-rec-${recordingId}.wav`;
  }

  /** The absolute path of a stored name; names come from our own rows, never from a request. */
  path(file: string): string {
    if (file.includes("..") || file.startsWith("/")) throw new Error(`bad recording name ${file}`);
    return `${this.dir}/${file}`;
  }

  async start(router: types.Router, file: string): Promise<Recorder> {
    const path = this.path(file);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    return await Recorder.start(router, path);
  }

  repair(file: string) {
    return repairWav(this.path(file));
  }

  async remove(file: string): Promise<void> {
    await Deno.remove(this.path(file)).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
}
