/**
 * The media test app with the seat's trunk calls (外呼回拨, 三方通话) wired as server/system.ts
 * wires them, a SIP edge whose outbound trunk is a SIPp callee on `trunkPort`, and Chromium.
 */
import type { Browser, Page } from "playwright-core";
import { buildIslands } from "../server/build_islands.ts";
import { Consults } from "../telephony/consult.ts";
import { SeatDialer } from "../telephony/seat_dialer.ts";
import { SipEdge } from "../telephony/sip/sip_edge.ts";
import { launchChromium, MEDIA_FLAGS, openSignedIn } from "./browser.ts";
import {
  inboundAudio,
  MEDIA_TEST_CONFIG,
  type MediaTestApp,
  startMediaApp,
  waitFor,
} from "./media_harness.ts";
import { runSipp, scenario } from "./sip_client.ts";

export interface SeatCallsTest {
  t: MediaTestApp;
  edge: SipEdge;
  dialer: SeatDialer;
  consults: Consults;
  browser: Browser;
  dispose(): Promise<void>;
}

/** Without `trunkPort`, no outbound trunk: inbound phone calls only. */
export async function startSeatCalls(trunkPort?: number): Promise<SeatCallsTest> {
  let edge: SipEdge | undefined;
  let dialer: SeatDialer | undefined;
  let consults: Consults | undefined;
  const t = await startMediaApp({}, ({ db, services, hub, media }) => {
    const trunk = () => edge?.trunk();
    dialer = new SeatDialer({ ...services, db, hub, media, trunk });
    consults = new Consults({ db, acd: services.acd, hub, media, outbound: dialer.calls, trunk });
    return { seatCalls: { dialer, consults } };
  });
  let browser: Browser | undefined;
  try {
    await buildIslands();
    browser = await launchChromium(MEDIA_FLAGS);
    edge = await SipEdge.start({
      host: "127.0.0.1",
      port: 0,
      trunkAllow: "127.0.0.1",
      rtpPortMin: 30000,
      rtpPortMax: 39999,
      dataDir: `${Deno.env.get("TMPDIR") ?? "/tmp"}/hotline-sip-test-prompts`,
      outbound: trunkPort === undefined ? undefined : { address: "127.0.0.1", port: trunkPort },
    }, {
      db: t.db,
      pii: t.services.pii,
      acd: t.services.acd,
      seats: t.services.seats,
      media: { layer: t.media, config: MEDIA_TEST_CONFIG },
    });
  } catch (error) {
    await browser?.close();
    await t.dispose();
    throw error;
  }
  const e = edge;
  const b = browser;
  return {
    t,
    edge: e,
    dialer: dialer!,
    consults: consults!,
    browser: b,
    async dispose() {
      consults!.stop();
      await dialer!.stop();
      await e.stop();
      await b.close();
      await t.dispose();
    },
  };
}

/** Agent 1001 logged in, with the seat page open (its audio and panels). */
export async function seat1001(s: SeatCallsTest) {
  await s.t.services.seats.agent(null, "1001", { type: "login" });
  return await openSignedIn(s.browser, s.t.url, "/seat", "1001", undefined, { live: false });
}

/** Seat 1001 signed in on /seat, with `contact` among the consult contacts. */
export async function seatWithContact(
  s: SeatCallsTest,
  contact: { name: string; kind: string; number: string },
) {
  await s.edge.warmUp();
  const [row] = await s.t.db.query<{ id: number }>(
    "insert into consult_contacts (name, kind, number) values ($1, $2, $3) returning id",
    [contact.name, contact.kind, contact.number],
  );
  return { contact: row, agent: await seat1001(s) };
}

/**
 * A SIPp phone caller who presses 1 (a person) and then speaks `clips` samples, answered on the
 * seat page `a` once its audio is there; resolves when the agent hears the caller.
 */
export async function answeredPhoneCaller(
  s: SeatCallsTest,
  a: Page,
  caller: string,
  clips: number,
) {
  const run = runSipp(
    scenario({
      caller,
      steps: [{ pause: 500 }, { dtmf: "1" }, ...Array(clips).fill({ audio: "g711a" })],
      end: "bye",
    }),
    `127.0.0.1:${s.edge.port}`,
    { timeoutS: 120 },
  );
  await a.waitForSelector("[data-testid=seat-audio][data-phase=waiting]", { timeout: 15_000 });
  const [call] = await s.t.db.query<{ id: number }>(
    "select id from calls order by id desc limit 1",
  );
  await waitFor("the caller's consumer", () => inboundAudio(a), (x) => !!x.caller);
  await a.click("[data-testid=seat-panel] button:has-text('接听')");
  await waitFor(
    "the agent to hear the caller",
    () => inboundAudio(a),
    (x) => x.caller.packets > 50,
  );
  return { caller: run, call };
}

/** The call's recording once it is complete: its channels' RMS (both sides were heard?). */
export async function completedRecordingRms(t: MediaTestApp, callId: number) {
  const rec = await waitFor(
    "the recording",
    () =>
      t.db.query<{ state: string; file: string }>(
        "select state, file from call_recordings where call_id = $1",
        [callId],
      ),
    (rows) => rows[0]?.state === "complete",
  );
  return await wavRms(`${t.dataDir}/recordings/${rec[0].file}`);
}

/** Channel RMS of a stereo 16-bit WAV (left the caller, right the hotline side). */
export async function wavRms(path: string): Promise<{ left: number; right: number; s: number }> {
  const wav = await Deno.readFile(path);
  const v = new DataView(wav.buffer, wav.byteOffset + 44);
  let l = 0, r = 0;
  const frames = Math.floor((wav.length - 44) / 4);
  for (let i = 0; i < frames; i++) {
    l += v.getInt16(i * 4, true) ** 2;
    r += v.getInt16(i * 4 + 2, true) ** 2;
  }
  return { left: Math.sqrt(l / frames), right: Math.sqrt(r / frames), s: frames / 8000 };
}
