/**
 * Which calls this process holds the media of, as empty files in $DATA_DIR/media/calls/: a file
 * still there at the next start is a call whose media died with the process. Files, not a table:
 * the marks belong to this process's data directory, like its recordings.
 */
export class OpenCalls {
  constructor(readonly dir: string) {}

  async open(callId: number): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true });
    await Deno.writeFile(`${this.dir}/${callId}`, new Uint8Array());
  }

  async close(callId: number): Promise<void> {
    await Deno.remove(`${this.dir}/${callId}`).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }

  /** The calls left open (by a process that died). */
  async left(): Promise<number[]> {
    const ids: number[] = [];
    try {
      for await (const e of Deno.readDir(this.dir)) {
        if (/^\d+$/.test(e.name)) ids.push(Number(e.name));
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return ids.sort((a, b) => a - b);
  }
}
