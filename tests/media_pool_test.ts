import assert from "node:assert/strict";
import type { JoinPayload } from "../telephony/media_layer.ts";
import { startTestApp } from "./harness.ts";
import { LiveHub } from "../server/live/hub.ts";
import { MediaLayer } from "../telephony/media_layer.ts";
import { WavFile } from "../telephony/wav_file.ts";
import { MEDIA_TEST_CONFIG, requireWorker, startMediaApp, waitFor } from "./media_harness.ts";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

Deno.test({
  name:
    "[media] a worker killed with SIGKILL: its calls end as failed through the ACD, the recording is kept, a replacement starts, the server stays up",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startMediaApp();
    try {
      const health = await (await t.request("/healthz")).json();
      assert.deepEqual(health.media, { status: "ready", workers: 2 });

      await t.services.seats.agent(null, "1001", { type: "login" });
      const res = await t.request("/api/public/calls", json({ phone: "13900002222" }));
      assert.equal(res.status, 201);
      const call: JoinPayload = await res.json();
      assert.equal(call.role, "caller");
      await waitFor(
        "the ACD to ring seat 1001",
        () =>
          t.db.query<{ state: string }>("select state from calls where id = $1", [call.call_id]),
        (r) => r[0]?.state === "ringing",
      );
      await t.services.seats.agent(null, "1001", { type: "answer" });
      await waitFor(
        "the recording to start",
        () => t.db.query("select id from call_recordings where call_id = $1", [call.call_id]),
        (r) => r.length === 1,
      );

      const room = t.media.rooms.get(call.call_id)!;
      const worker = t.media.pool!.workerOf(room.router)!;
      const before = t.media.pool!.pids;
      Deno.kill(worker.pid, "SIGKILL");

      const [ended] = await waitFor(
        "the call to end as failed",
        () =>
          t.db.query<{ state: string; end_reason: string; seat: string }>(
            `select k.state, k.end_reason, s.state as seat from calls k
             join agents a on a.work_number = '1001' join seat_states s on s.agent_id = a.id where k.id = $1`,
            [call.call_id],
          ),
        (r) => r[0]?.state === "ended",
      );
      assert.deepEqual(ended, { state: "ended", end_reason: "failed", seat: "wrap_up" });
      const [rec] = await waitFor(
        "the recording to be closed",
        () =>
          t.db.query<{ state: string; file: string }>("select state, file from call_recordings"),
        (r) => r[0]?.state !== "recording",
      );
      assert.equal(rec.state, "failed");
      const wav = await Deno.readFile(`${t.dataDir}/recordings/${rec.file}`);
      assert.equal(new TextDecoder().decode(wav.subarray(0, 4)), "RIFF");
      const [died] = await t.db.query<{ data: { pid: number; calls: number[] } }>(
        "select data from events where type = 'media.worker_died'",
      );
      assert.deepEqual([died.data.pid, died.data.calls], [worker.pid, [call.call_id]]);
      const [acdEvent] = await t.db.query<{ data: { reason: string } }>(
        "select data from events where type = 'call.ended' and subject = $1",
        [String(call.call_id)],
      );
      assert.equal(acdEvent.data.reason, "failed");
      // The caller's page is told (its peer is gone), and the room is no more.
      const gone = await t.request(`/api/media/peers/${call.peer_id}/events?token=${call.token}`);
      assert.equal(gone.status, 404);
      assert.equal(t.media.rooms.has(call.call_id), false);

      // A replacement worker: two again, one of them new; new calls work.
      await waitFor(
        "a replacement worker",
        () => Promise.resolve(t.media.pool!.size),
        (n) => n === 2,
      );
      const after = t.media.pool!.pids;
      assert.ok(
        !after.includes(worker.pid) && after.some((p) => !before.includes(p)),
        `${before} → ${after}`,
      );
      const health2 = await (await t.request("/healthz")).json();
      assert.deepEqual([health2.ok, health2.media], [true, { status: "ready", workers: 2 }]);
      const next = await t.request("/api/public/calls", json({ phone: "13900003333" }));
      assert.equal(next.status, 201);
      await next.body?.cancel();

      // Starting calls is rate-limited per address: three a minute.
      const third = await t.request("/api/public/calls", json({ phone: "13900004444" }));
      assert.equal(third.status, 201);
      await third.body?.cancel();
      const fourth = await t.request("/api/public/calls", json({ phone: "13900005555" }));
      assert.equal(fourth.status, 429);
      await fourth.body?.cancel();
    } finally {
      await t.dispose();
    }
  },
});

Deno.test({
  name:
    "[media] bad signalling input is refused with 4xx; retention deletes old recordings, audited",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startMediaApp({ recordingRetentionDays: 30 });
    try {
      const bad = await t.request("/api/public/calls", json({ phone: "12345" }));
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error.issues[0].message, /手机号/);
      const call: JoinPayload = await (await t.request(
        "/api/public/calls",
        json({ phone: "13900006666", queue: "general" }),
      )).json();
      const peer = `/api/media/peers/${call.peer_id}`;
      const wrongToken = await t.request(
        `${peer}/ready`,
        json({ token: "x".repeat(32), rtp_capabilities: {} }),
      );
      assert.equal(wrongToken.status, 404);
      await wrongToken.body?.cancel();
      const junk = await t.request(
        `${peer}/produce`,
        json({ token: call.token, rtp_parameters: { codecs: "no" } }),
      );
      assert.equal(junk.status, 400, await junk.text());
      const noBody = await t.request(`${peer}/connect`, { method: "POST" });
      assert.equal(noBody.status, 400);
      await noBody.body?.cancel();
      // A citizen's token does not make anyone a supervisor.
      const mode = await t.request(`${peer}/mode`, json({ token: call.token, mode: "barge" }));
      assert.equal(mode.status, 401);
      await mode.body?.cancel();
      // Nobody can monitor a call that is not being talked on.
      const sup = await t.signIn("9001");
      const early = await t.request(
        `/api/media/calls/${call.call_id}/monitor`,
        json({ mode: "listen" }),
        sup,
      );
      assert.equal(early.status, 409);
      await early.body?.cancel();
      // The caller hangs up while queued: abandoned in the ACD.
      const hang = await t.request(
        `/api/public/calls/${call.call_id}/hang-up`,
        json({ peer: call.peer_id, token: call.token }),
      );
      assert.equal(hang.status, 200);
      await hang.body?.cancel();
      const [k] = await t.db.query<{ end_reason: string }>(
        "select end_reason from calls where id = $1",
        [
          call.call_id,
        ],
      );
      assert.equal(k.end_reason, "abandoned");

      // Retention: a recording older than 30 days goes (file and row), a recent one stays.
      await Deno.mkdir(`${t.dataDir}/recordings/old`, { recursive: true });
      for (const [name, age] of [["old/a.wav", 40], ["old/b.wav", 1]] as const) {
        await Deno.writeFile(`${t.dataDir}/recordings/${name}`, new Uint8Array(44));
        await t.db.query(
          `insert into call_recordings (call_id, file, state, started_at, ended_at, duration_ms, bytes)
           values ($1, $2, 'complete', now() - make_interval(days => $3), now(), 0, 44)`,
          [call.call_id, name, age],
        );
      }
      assert.equal(await t.media.purge(), 1);
      const rows = await t.db.query<{ file: string; state: string }>(
        "select file, state from call_recordings order by file",
      );
      assert.deepEqual(rows, [{ file: "old/a.wav", state: "deleted" }, {
        file: "old/b.wav",
        state: "complete",
      }]);
      await assert.rejects(Deno.stat(`${t.dataDir}/recordings/old/a.wav`), Deno.errors.NotFound);
      const [purge] = await t.db.query<{ after: { recordings: number[] } }>(
        "select after from audit_log where action = 'recording.purge'",
      );
      assert.equal(purge.after.recordings.length, 1);
      const [deletedId] = await t.db.query<{ id: number }>(
        "select id from call_recordings where state = 'deleted'",
      );
      const played = await t.request(`/recordings/${deletedId.id}/audio`, {}, sup);
      assert.equal(played.status, 404);
      await played.body?.cancel();
    } finally {
      await t.dispose();
    }
  },
});

Deno.test({
  name:
    "[media] after a crash: an open recording gets a valid header (interrupted), a call that had media ends as failed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startMediaApp();
    try {
      // What a killed process leaves: a call with media, a recording half written.
      await t.services.seats.agent(null, "1002", { type: "login" });
      const { id: callId } = await t.services.acd.offer({
        channel: "web",
        callerNumber: "13900007777",
        queue: "general",
      });
      await Deno.mkdir(`${t.dataDir}/media/calls`, { recursive: true });
      await Deno.writeFile(`${t.dataDir}/media/calls/${callId}`, new Uint8Array());
      await Deno.mkdir(`${t.dataDir}/recordings/crash`, { recursive: true });
      const wav = await WavFile.create(`${t.dataDir}/recordings/crash/r.wav`);
      await wav.append(new Int16Array(8000 * 2).fill(300)); // one second, header still empty
      await t.db.query(
        "insert into call_recordings (call_id, file, started_at) values ($1, 'crash/r.wav', now())",
        [callId],
      );
      const restarted = new MediaLayer({
        db: t.db,
        hub: new LiveHub(t.db),
        acd: t.services.acd,
        seats: t.services.seats,
        dataDir: t.dataDir,
        config: { ...MEDIA_TEST_CONFIG, workerBin: requireWorker(), workers: 1 },
      });
      restarted.start();
      await restarted.started();
      await restarted.stop();
      const [rec] = await t.db.query<{ state: string; duration_ms: number }>(
        "select state, duration_ms::int from call_recordings",
      );
      assert.deepEqual(rec, { state: "interrupted", duration_ms: 1000 });
      const bytes = await Deno.readFile(`${t.dataDir}/recordings/crash/r.wav`);
      assert.equal(new DataView(bytes.buffer).getUint32(40, true), 32000);
      const [call] = await t.db.query<{ state: string; end_reason: string }>(
        "select state, end_reason from calls where id = $1",
        [callId],
      );
      assert.deepEqual(call, { state: "ended", end_reason: "failed" });
      assert.deepEqual(await restarted.openCalls.left(), []);
    } finally {
      await t.dispose();
    }
  },
});

Deno.test("[media] without the media layer the pages still work: /healthz says so, a web call is refused with 503", async () => {
  const t = await startTestApp();
  try {
    const health = await (await t.request("/healthz")).json();
    assert.equal(health.ok, true);
    assert.equal(health.media.status, "unavailable");
    const page = await t.request("/call");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /网上拨打 12345/);
    const res = await t.request("/api/public/calls", json({ phone: "13900001111" }));
    assert.equal(res.status, 503);
    assert.match((await res.json()).error.message, /媒体层/);
  } finally {
    await t.dispose();
  }
});
