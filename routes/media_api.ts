/**
 * Signalling for the call media (docs/media.md): a party joins (the agent's seat, a supervisor's
 * monitor; the citizen through routes/call_page.tsx), then proves each later step with its peer
 * token. The server pushes consumers and call state to the page over server-sent events.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { types } from "mediasoup";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import type { MediaLayer } from "../telephony/media_layer.ts";
import type { PeerNotice } from "../telephony/media_peer.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const Token = z.string().min(16).max(64);
const Peer = z.uuid();
/** mediasoup validates the insides of these; here they only have to be objects. */
const Blob = z.record(z.string(), z.unknown());
const Mode = z.enum(["listen", "whisper", "barge"]);

const Schemas = {
  ready: z.object({ token: Token, rtp_capabilities: Blob }).strict(),
  connect: z.object({ token: Token, transport_id: z.uuid(), dtls_parameters: Blob }).strict(),
  produce: z.object({ token: Token, rtp_parameters: Blob }).strict(),
  mute: z.object({ token: Token, muted: z.boolean() }).strict(),
  mode: z.object({ token: Token, mode: Mode }).strict(),
  leave: z.object({ token: Token }).strict(),
  monitor: z.object({ mode: Mode.default("listen") }).strict(),
};

const HEARTBEAT_MS = 15_000;

/** The media layer, or a 503 that says why it is not there. */
export function needMedia(media: MediaLayer | undefined): MediaLayer {
  if (!media) {
    throw new AppError(503, "media_unavailable", "媒体层未启动 (the media layer is off)");
  }
  return media;
}

/** mediasoup's own complaints about what a page sent are the page's mistake, not ours. */
export async function fromMediasoup<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const name = (error as Error).name;
    if (name === "TypeError" || name === "UnsupportedError" || name === "InvalidStateError") {
      throw new AppError(400, "media_rejected", `媒体参数无效 (${(error as Error).message})`);
    }
    throw error;
  }
}

export function mediaRoutes({ media }: { media?: MediaLayer }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const body = async <S extends z.ZodType>(c: { req: { json(): Promise<unknown> } }, s: S) =>
    parseOrThrow(s, await c.req.json().catch(() => null), "media request");
  const peerId = (id: string) => parseOrThrow(Peer, id, "peer id");

  app.post("/api/media/seat/join", guard("seat.operate"), async (c) => {
    const m = needMedia(media);
    return c.json(await fromMediasoup(() => m.joinSeat(c.get("actor")!.workNumber)));
  });

  app.post("/api/media/calls/:id/monitor", guard("calls.monitor"), async (c) => {
    const m = needMedia(media);
    const callId = parseOrThrow(z.coerce.number().int().positive(), c.req.param("id"), "call id");
    const { mode } = await body(c, Schemas.monitor);
    const actor = c.get("actor")!;
    const who = auditActor(actor, c.get("origin"));
    return c.json(await fromMediasoup(() => m.monitor(who, actor.workNumber, callId, mode)));
  });

  app.get("/api/media/monitors", guard("acd.view"), (c) => {
    return c.json({
      media: media?.status ?? { status: "unavailable", reason: "MEDIA=off", workers: 0 },
      monitors: (media?.monitors() ?? []).map((m) => ({
        call_id: m.callId,
        supervisor: m.supervisor,
        agent: m.agent,
        mode: m.mode,
      })),
    });
  });

  app.post("/api/media/peers/:peer/ready", guard("public"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.ready);
    await fromMediasoup(() =>
      m.ready(
        peerId(c.req.param("peer")),
        b.token,
        b.rtp_capabilities as unknown as types.RtpCapabilities,
      )
    );
    return c.json({ ok: true });
  });

  app.post("/api/media/peers/:peer/connect", guard("public"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.connect);
    await fromMediasoup(() =>
      m.connect(
        peerId(c.req.param("peer")),
        b.token,
        b.transport_id,
        b.dtls_parameters as unknown as types.DtlsParameters,
      )
    );
    return c.json({ ok: true });
  });

  app.post("/api/media/peers/:peer/produce", guard("public"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.produce);
    const id = await fromMediasoup(() =>
      m.produce(
        peerId(c.req.param("peer")),
        b.token,
        b.rtp_parameters as unknown as types.RtpParameters,
      )
    );
    return c.json({ id });
  });

  app.post("/api/media/peers/:peer/mute", guard("public"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.mute);
    await fromMediasoup(() => m.mute(peerId(c.req.param("peer")), b.token, b.muted));
    return c.json({ ok: true, muted: b.muted });
  });

  app.post("/api/media/peers/:peer/mode", guard("calls.monitor"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.mode);
    const who = auditActor(c.get("actor")!, c.get("origin"));
    await m.setMode(who, peerId(c.req.param("peer")), b.token, b.mode);
    return c.json({ ok: true, mode: b.mode });
  });

  app.post("/api/media/peers/:peer/leave", guard("public"), async (c) => {
    const m = needMedia(media);
    const b = await body(c, Schemas.leave);
    await m.leave(
      auditActor(c.get("actor"), c.get("origin")),
      peerId(c.req.param("peer")),
      b.token,
    );
    return c.json({ ok: true });
  });

  app.get("/api/media/peers/:peer/events", guard("public"), (c) => {
    const m = needMedia(media);
    const token = parseOrThrow(Token, c.req.query("token"), "token");
    const { peer } = m.peer(peerId(c.req.param("peer")), token);
    return new Response(noticeStream(peer.listen.bind(peer)), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  });
  return app;
}

function noticeStream(
  listen: (fn: (n: PeerNotice) => void) => () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        cleanup();
        controller.close();
      };
      const send = (text: string) => open && controller.enqueue(encoder.encode(text));
      // A page that is told the call ended must not reconnect: "retry" is long, and it closes.
      send("retry: 2000\n\n");
      const unlisten = listen((n) => {
        send(`data: ${JSON.stringify(n)}\n\n`);
        if (n.type === "ended") queueMicrotask(end);
      });
      const beat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        unlisten();
        clearInterval(beat);
      };
    },
    cancel() {
      cleanup();
    },
  });
}
