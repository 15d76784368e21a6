/**
 * 调听录音: a call's recording played in the browser by the roles allowed to hear it. Each
 * playback is audited before a byte is sent; the seeks of the same playback (range requests past
 * the start) are not separate playbacks.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { MediaLayer } from "../telephony/media_layer.ts";
import { MediaStore } from "../telephony/media_store.ts";
import { RecordingFiles } from "../telephony/recording_files.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const Id = z.coerce.number().int().positive();
const RANGE = /^bytes=(\d*)-(\d*)$/;

export function recordingRoutes(d: { db: Database; media?: MediaLayer }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const store = new MediaStore(d.db);
  // Recordings play even when the media layer is off or could not start: they are only files.
  const files = d.media?.recordings.files ?? new RecordingFiles("./data/recordings");

  app.get("/recordings/:id/audio", guard("recordings.play"), async (c) => {
    const id = parseOrThrow(Id, c.req.param("id"), "recording id");
    const rec = await store.recording(id);
    if (!rec || rec.state === "deleted") {
      throw new AppError(404, "no_recording", "没有这段录音，或已超过保存期限被删除");
    }
    if (rec.state === "recording") {
      throw new AppError(409, "recording", "通话仍在录音中，结束后才能调听");
    }
    const path = files.path(rec.file);
    const size = await Deno.stat(path).then((s) => s.size).catch(() => null);
    if (size === null) throw new AppError(404, "no_file", "录音文件不存在 (file missing)");
    const range = RANGE.exec(c.req.header("range") ?? "");
    let start = 0;
    let end = size - 1;
    if (range && (range[1] || range[2])) {
      start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}` } });
      }
    }
    if (start === 0) await store.auditPlayback(auditActor(c.get("actor"), c.get("origin")), rec);
    const file = await Deno.open(path, { read: true });
    await file.seek(start, Deno.SeekMode.Start);
    const length = end - start + 1;
    const body = file.readable.pipeThrough(limitBytes(length));
    return new Response(body, {
      status: range ? 206 : 200,
      headers: {
        "content-type": "audio/wav",
        "content-length": String(length),
        "accept-ranges": "bytes",
        "cache-control": "private, no-store",
        "content-disposition": `inline; filename="call-${rec.call_id}-rec-${rec.id}.wav"`,
        ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
      },
    });
  });
  return app;
}

/** Passes the first `n` bytes and ends the stream (which closes the file). */
function limitBytes(n: number): TransformStream<Uint8Array, Uint8Array> {
  let left = n;
  return new TransformStream({
    transform(chunk, controller) {
      if (left <= 0) return controller.terminate();
      const part = chunk.subarray(0, left);
      left -= part.length;
      controller.enqueue(part);
      if (left <= 0) controller.terminate();
    },
  });
}
