import assert from "node:assert/strict";
import {
  dialFromBrowser,
  type InboundAudio,
  inboundAudio,
  startSeatDesk,
  waitFor,
} from "./media_harness.ts";
import { USER_OF } from "./harness.ts";

/** RMS of each channel of a 16-bit stereo WAV. */
function channelRms(wav: Uint8Array): [number, number] {
  const v = new DataView(wav.buffer, wav.byteOffset + 44);
  const frames = Math.floor((wav.length - 44) / 4);
  let l = 0, r = 0;
  for (let i = 0; i < frames; i++) {
    l += v.getInt16(i * 4, true) ** 2;
    r += v.getInt16(i * 4 + 2, true) ** 2;
  }
  return [Math.sqrt(l / frames), Math.sqrt(r / frames)];
}

const grew = (a: InboundAudio | undefined, b: InboundAudio | undefined) =>
  !!a && !!b && b.packets > a.packets && b.bytes > a.bytes;

Deno.test({
  name:
    "[media] a web caller and an agent's seat talk through mediasoup: routed by the ACD, audio both ways, recorded, played back audited",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const desk = await startSeatDesk();
    const { t, browser, agent } = desk;
    try {
      const a = agent.page;
      const caller = await browser.newPage();
      const callerErrors: string[] = [];
      caller.on("pageerror", (e) => callerErrors.push(e.message));
      await dialFromBrowser(caller, t.url);

      // The ACD rings seat 1001; its headset joins the call's media before the answer.
      await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", { timeout: 15_000 });
      const [call] = await t.db.query<{ id: number; channel: string; state: string }>(
        "select id, channel, state from calls order by id desc limit 1",
      );
      assert.deepEqual([call.channel, call.state], ["web", "ringing"]);
      await waitFor(
        "the agent to receive the caller's (paused) consumer",
        () => inboundAudio(a),
        (s) => !!s.caller,
      );
      await waitFor(
        "the caller to receive the agent's consumer",
        () => inboundAudio(caller),
        (s) => !!s.agent,
      );
      const before = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
      assert.equal(before.agent.caller.packets, 0, "nothing is heard before the answer");

      // Answer in the seat panel (the ACD's answer): two-way audio within one round trip.
      await a.waitForSelector("[data-testid=seat-panel] button:has-text('接听')");
      const clicked = performance.now();
      await a.click("[data-testid=seat-panel] button:has-text('接听')");
      await waitFor(
        "two-way audio after the answer",
        async () => ({ agent: await inboundAudio(a), caller: await inboundAudio(caller) }),
        (s) => s.agent.caller.packets > 0 && s.caller.agent.packets > 0,
        5000,
      );
      const answerToAudioMs = Math.round(performance.now() - clicked);
      console.log(`answer click → two-way audio: ${answerToAudioMs} ms`);
      assert.ok(answerToAudioMs < 1500, `${answerToAudioMs} ms`);

      // Audio keeps flowing both ways, with sound in it (Chromium's fake microphone beeps).
      const s1 = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
      let loudest = { agent: 0, caller: 0 };
      for (let i = 0; i < 15; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const now = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
        loudest = {
          agent: Math.max(loudest.agent, now.agent.caller.level),
          caller: Math.max(loudest.caller, now.caller.agent.level),
        };
      }
      const s2 = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
      assert.ok(grew(s1.agent.caller, s2.agent.caller), JSON.stringify([s1.agent, s2.agent]));
      assert.ok(grew(s1.caller.agent, s2.caller.agent), JSON.stringify([s1.caller, s2.caller]));
      assert.ok(s2.agent.caller.energy > 0 && loudest.agent > 0, JSON.stringify(s2.agent));
      assert.ok(s2.caller.agent.energy > 0 && loudest.caller > 0, JSON.stringify(s2.caller));
      assert.equal(
        await caller.getAttribute("[data-testid=web-caller]", "data-phase"),
        "talking",
      );

      // Hold: the agent hears nothing, the caller hears music and not the agent; resume: they
      // hear each other again and the music stops.
      await a.click("[data-testid=seat-panel] button:has-text('保持')");
      await a.waitForSelector("[data-testid=seat-audio][data-phase=held]");
      await waitFor(
        "music on hold at the caller",
        () => inboundAudio(caller),
        (s) => (s.music?.packets ?? 0) > 10,
        5000,
      );
      const h1 = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
      let musicLevel = 0;
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 100));
        musicLevel = Math.max(musicLevel, (await inboundAudio(caller)).music.level);
      }
      const h2 = { agent: await inboundAudio(a), caller: await inboundAudio(caller) };
      assert.ok(h2.agent.caller.packets - h1.agent.caller.packets <= 2, "the agent hears nothing");
      assert.ok(
        h2.caller.agent.packets - h1.caller.agent.packets <= 2,
        `the agent is not forwarded to the held caller: ${JSON.stringify([h1.caller, h2.caller])}`,
      );
      assert.ok(
        h2.caller.music.packets - h1.caller.music.packets >= 30,
        `music flows (50 packets a second): ${JSON.stringify([h1.caller, h2.caller])}`,
      );
      assert.ok(musicLevel > 0.01 && h2.caller.music.energy > 0, `music level ${musicLevel}`);
      await a.click("[data-testid=seat-panel] button:has-text('恢复通话')");
      const resumed = await waitFor(
        "audio after resuming",
        async () => ({ agent: await inboundAudio(a), caller: await inboundAudio(caller) }),
        (s) =>
          s.agent.caller.packets > h2.agent.caller.packets + 10 &&
          s.caller.agent.packets > h2.caller.agent.packets + 10,
      );
      await new Promise((r) => setTimeout(r, 600));
      const after = await inboundAudio(caller);
      assert.ok(
        after.music.packets - resumed.caller.music.packets <= 2,
        `the music stops: ${JSON.stringify([resumed.caller.music, after.music])}`,
      );

      // The seat's case form knows the call came from the website: channel "web", linked.
      assert.equal(await a.inputValue("#i-channel"), "web");
      assert.match(await a.textContent("[data-testid=intake-call]") ?? "", /网络来电/);
      await a.fill("#i-content", "网上来电反映幸福路上的路灯不亮已经一个星期了。");
      await a.check("input[name=outcome][value=register]");
      await a.click("[data-testid=intake-form] button[type=submit]");
      await a.waitForSelector("[data-testid=created-number]");
      const [kase] = await t.db.query<{ channel: string; call_id: number }>(
        `select c.channel, cc.call_id from cases c join case_calls cc on cc.case_id = c.id
         where c.case_number = $1`,
        [(await a.textContent("[data-testid=created-number]"))!.trim()],
      );
      assert.deepEqual(kase, { channel: "web", call_id: call.id });

      // The agent hangs up: the ACD ends the call; the caller's page says so.
      await new Promise((r) => setTimeout(r, 1000));
      await a.click("[data-testid=seat-panel] button:has-text('挂断')");
      await caller.waitForSelector("[data-testid=web-caller][data-phase=ended]");
      const rec = await waitFor(
        "the recording to be finished",
        () =>
          t.db.query<
            { id: number; state: string; file: string; duration_ms: number; talk_ms: number }
          >(
            `select r.id, r.state, r.file, r.duration_ms::int,
               (extract(epoch from k.ended_at - k.answered_at) * 1000)::int as talk_ms
             from call_recordings r join calls k on k.id = r.call_id where r.call_id = $1`,
            [call.id],
          ),
        (rows) => rows[0]?.state === "complete",
      ).then((rows) => rows[0]);
      // The file has the call's duration (answer to hang-up) and both sides are not silent.
      assert.ok(Math.abs(rec.duration_ms - rec.talk_ms) < 600, JSON.stringify(rec));
      assert.match(rec.file, new RegExp(`call-${call.id}-rec-${rec.id}\\.wav$`));
      const wav = await Deno.readFile(`${t.dataDir}/recordings/${rec.file}`);
      const [left, right] = channelRms(wav);
      assert.ok(left > 50 && right > 50, `caller ${left}, agent ${right}`);

      // Playback: a supervisor may (audited), an agent may not.
      const sup = await t.signIn(USER_OF.supervisor);
      const played = await t.request(`/recordings/${rec.id}/audio`, {}, sup);
      assert.equal(played.status, 200);
      assert.equal(played.headers.get("content-type"), "audio/wav");
      assert.equal((await played.bytes()).length, wav.length);
      const seek = await t.request(`/recordings/${rec.id}/audio`, {
        headers: { range: "bytes=1000-" },
      }, sup);
      assert.equal(seek.status, 206);
      await seek.body?.cancel();
      const agentSession = await t.signIn(USER_OF.agent);
      const denied = await t.request(`/recordings/${rec.id}/audio`, {}, agentSession);
      assert.equal(denied.status, 403);
      await denied.body?.cancel();
      const audits = await t.db.query<{ actor: string }>(
        "select actor from audit_log where action = 'recording.play' and object_id = $1",
        [String(rec.id)],
      );
      assert.deepEqual(
        audits.map((x) => x.actor),
        [USER_OF.supervisor],
        "one playback, one record",
      );

      // The spine has the media events.
      const events = await t.db.query<{ type: string }>(
        "select type from events where topic = 'media' and subject = $1 order by id",
        [String(call.id)],
      );
      assert.deepEqual(events.map((e) => e.type), [
        "media.recording_started",
        "media.recording_stopped",
      ]);
      assert.deepEqual([...agent.errors, ...callerErrors], []);
    } finally {
      await desk.dispose();
    }
  },
});
