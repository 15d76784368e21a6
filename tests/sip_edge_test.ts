/**
 * The edge against callers it must refuse: a source outside the trunk's allow-list, a broken
 * INVITE, an offer without G.711, and a flood of hostile datagrams; it keeps answering after.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import fc from "fast-check";
import { runSipp, scenario } from "./sip_client.ts";
import { startEdge } from "./sip_harness.ts";

Deno.test("[sip] refusals: 403 outside the trunk, 400 for a broken INVITE, 488 without G.711", async () => {
  const e = await startEdge();
  try {
    const stranger = await runSipp(
      scenario({ caller: "13900000001", steps: [], end: "bye", expect: 403 }),
      e.target,
      { localIp: "127.0.0.2", timeoutS: 20 },
    );
    assert.equal(stranger.code, 0, stranger.stdout.slice(-1500) + stranger.errors);
    const broken = await runSipp(
      scenario({
        caller: "13900000002",
        steps: [],
        end: "bye",
        expect: 400,
        spoil: (invite) => invite.replace("Max-Forwards: 70", "Max-Forwards: seventy"),
      }),
      e.target,
      { timeoutS: 20 },
    );
    assert.equal(broken.code, 0, broken.stdout.slice(-1500) + broken.errors);
    const g729 = await runSipp(
      scenario({
        caller: "13900000003",
        steps: [],
        end: "bye",
        expect: 488,
        spoil: (invite) =>
          invite.replace(/RTP\/AVP [\d ]+/, "RTP/AVP 18").replace(/a=rtpmap:[08] .*\n/g, ""),
      }),
      e.target,
      { timeoutS: 20 },
    );
    assert.equal(g729.code, 0, g729.stdout.slice(-1500) + g729.errors);
    const s = e.edge.stats();
    assert.equal(s.forbidden, 1);
    assert.equal(s.badRequests, 1);
    assert.equal(s.calls, 0);
    const [{ n }] = await e.t.db.query<{ n: number }>("select count(*)::int as n from ivr_calls");
    assert.equal(n, 0);
  } finally {
    await e.dispose();
  }
});

Deno.test("[sip] a flood of hostile datagrams is counted and dropped; the edge still answers", async () => {
  const e = await startEdge();
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  const replies: string[] = [];
  socket.on("message", (m) => replies.push(new TextDecoder().decode(m)));
  try {
    const port = e.edge.port;
    const valid = new TextEncoder().encode(
      "OPTIONS sip:12345@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKf\r\n" +
        "From: <sip:a@b>;tag=1\r\nTo: <sip:12345@127.0.0.1>\r\nCall-ID: f\r\nCSeq: 1 OPTIONS\r\n\r\n",
    );
    const junk = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 1400 }),
        fc.nat(valid.length - 1).map((n) => {
          const copy = valid.slice();
          copy[n] ^= 0xff;
          return copy;
        }),
        fc.nat(valid.length).map((n) => valid.subarray(0, n)),
      ),
      { numRuns: 2000, seed: 12345 },
    );
    for (const bytes of junk) {
      if (bytes.length > 0) socket.send(bytes, port, "127.0.0.1");
    }
    await new Promise((r) => setTimeout(r, 1000));
    replies.length = 0;
    socket.send(
      valid.slice().map((b, i, a) => i === a.indexOf(0x66) ? 0x67 : b), // a fresh branch
      port,
      "127.0.0.1",
    );
    const until = Date.now() + 3000;
    while (!replies.some((r) => r.startsWith("SIP/2.0 200")) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(replies.some((r) => r.startsWith("SIP/2.0 200")), "OPTIONS answered after the flood");
    const s = e.edge.stats();
    assert.ok(s.received >= 1900, `received ${s.received}`);
    assert.ok(s.malformed > 1000, `malformed ${s.malformed}`);
    assert.equal(s.errors, 0);
    assert.equal(s.calls, 0);
  } finally {
    socket.close();
    await e.dispose();
  }
});

Deno.test("[sip] at its limit of calls the edge answers 503 with Retry-After instead of taking one more", async () => {
  const e = await startEdge({ maxCalls: 0 });
  try {
    const run = await runSipp(
      scenario({ caller: "13900000009", steps: [], end: "bye", expect: 503 }),
      e.target,
      { timeoutS: 20, extra: ["-trace_msg", "-message_file", "/dev/stdout"] },
    );
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors);
    assert.match(run.stdout, /SIP\/2\.0 503 Service Unavailable[\s\S]*Retry-After: 5/);
    assert.equal(e.edge.stats().refused, 1);
  } finally {
    await e.dispose();
  }
});
