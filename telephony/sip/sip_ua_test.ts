import assert from "node:assert/strict";
import dgram from "node:dgram";
import fc from "fast-check";
import { AllowList } from "./allow_list.ts";
import { authorize, DigestAuth } from "./digest.ts";
import type { Negotiated } from "./sdp.ts";
import { headerValue, parseMessage, type SipMessage, type SipResponse } from "./sip_message.ts";
import { type CallSession, SipUa, type UaOptions } from "./sip_ua.ts";

/** A raw UDP peer that writes SIP by hand and collects what comes back. */
class Peer {
  inbox: SipMessage[] = [];
  #waiters: (() => void)[] = [];
  private constructor(
    readonly socket: dgram.Socket,
    readonly address: string,
    readonly port: number,
  ) {}

  static open(address = "127.0.0.1"): Promise<Peer> {
    const s = dgram.createSocket("udp4");
    return new Promise((resolve) =>
      s.bind(0, address, () => {
        const peer = new Peer(s, address, s.address().port);
        s.on("message", (b) => {
          const r = parseMessage(new Uint8Array(b));
          if (r.ok) peer.inbox.push(r.message);
          for (const w of peer.#waiters.splice(0)) w();
        });
        resolve(peer);
      })
    );
  }

  send(text: string, port: number): void {
    this.socket.send(new TextEncoder().encode(text.replace(/\n/g, "\r\n")), port, "127.0.0.1");
  }

  /** The first message matching `pick` (removed from the inbox), waiting up to `ms`. */
  async take(pick: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pick);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      const left = until - Date.now();
      if (left <= 0) {
        throw new Error(`no matching message in ${ms} ms; inbox: ${this.inbox.length}`);
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  response(status: number, method = "INVITE") {
    return this.take((m) =>
      m.type === "response" && m.status === status && headerValue(m, "cseq")!.endsWith(method)
    ) as Promise<SipResponse>;
  }

  close() {
    this.socket.close();
  }
}

const SDP = (port: number, extra = "") =>
  `v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio ${port} RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n${extra}`;

function request(
  p: Peer,
  method: string,
  o: {
    callId: string;
    branch: string;
    seq: number;
    toTag?: string;
    body?: string;
    type?: string;
    extra?: string;
  },
): string {
  const body = o.body ?? "";
  return `${method} sip:12345@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP ${p.address}:${p.port};branch=${o.branch};rport
Max-Forwards: 70
From: "citizen" <sip:13800000000@${p.address}>;tag=caller1
To: <sip:12345@127.0.0.1>${o.toTag ? `;tag=${o.toTag}` : ""}
Call-ID: ${o.callId}
CSeq: ${o.seq} ${method}
Contact: <sip:13800000000@${p.address}:${p.port}>
${o.extra ?? ""}${o.type ? `Content-Type: ${o.type}\n` : ""}Content-Length: ${
    new TextEncoder().encode(body.replace(/\n/g, "\r\n")).length
  }

${body}`;
}

/** A UA with a handler that logs what the edge would be told. */
async function startUa(opts: Partial<UaOptions> = {}) {
  const log: string[] = [];
  const ua = await SipUa.start({
    host: "127.0.0.1",
    port: 0,
    allow: AllowList.parse("127.0.0.1"),
    ...opts,
  }, {
    accept(call) {
      log.push(`accept ${call.caller}→${call.dialed} ${call.offer.codec}`);
      const session: CallSession = {
        confirmed: () => log.push("confirmed"),
        ended: (reason) => log.push(`ended ${reason}`),
        digit: (d) => log.push(`digit ${d}`),
        reoffer: (o: Negotiated) => {
          log.push(`reoffer ${o.remotePort} ${o.peerDirection}`);
          return { host: "127.0.0.1", port: 31000, sessionId: 1, version: 0 };
        },
      };
      return Promise.resolve({
        media: { host: "127.0.0.1", port: 31000, sessionId: 1, version: 1 },
        session,
      });
    },
  });
  return { ua, log };
}

const toTagOf = (m: SipMessage) => /tag=([^;]+)/.exec(headerValue(m, "to")!)![1];

Deno.test("[sip ua] INVITE gets 100, 180 and a 200 with SDP, resent until the ACK; INFO, re-INVITE, BYE", async () => {
  const { ua, log } = await startUa();
  const p = await Peer.open();
  try {
    const invite = request(p, "INVITE", {
      callId: "c1",
      branch: "z9hG4bKi1",
      seq: 1,
      body: SDP(4000),
      type: "application/sdp",
    });
    p.send(invite, ua.port);
    await p.response(100);
    await p.response(180);
    const ok = await p.response(200);
    assert.match(new TextDecoder().decode(ok.body), /m=audio 31000 RTP\/AVP 0 101/);
    assert.equal(headerValue(ok, "content-type"), "application/sdp");
    assert.match(headerValue(ok, "via")!, new RegExp(`;rport=${p.port}\\b`));
    assert.match(headerValue(ok, "via")!, /;received=127\.0\.0\.1/);
    // A retransmitted INVITE is answered again, not taken for a second call.
    p.send(invite, ua.port);
    await p.response(200);
    // No ACK: the 200 comes again (T1 = 500 ms, then 1 s).
    await p.response(200, "INVITE");
    const tag = toTagOf(ok);
    p.send(request(p, "ACK", { callId: "c1", branch: "z9hG4bKa1", seq: 1, toTag: tag }), ua.port);
    await new Promise((r) => setTimeout(r, 1700));
    p.inbox = p.inbox.filter((m) => !(m.type === "response" && m.status === 200));
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(
      p.inbox.filter((m) => m.type === "response" && m.status === 200).length,
      0,
      "200 stops after ACK",
    );

    p.send(
      request(p, "INFO", {
        callId: "c1",
        branch: "z9hG4bKn1",
        seq: 2,
        toTag: tag,
        body: "Signal=7\nDuration=160\n",
        type: "application/dtmf-relay",
      }),
      ua.port,
    );
    await p.response(200, "INFO");
    p.send(
      request(p, "INVITE", {
        callId: "c1",
        branch: "z9hG4bKr1",
        seq: 3,
        toTag: tag,
        body: SDP(4002, "a=sendonly\n"),
        type: "application/sdp",
      }),
      ua.port,
    );
    const re = await p.response(200);
    assert.match(new TextDecoder().decode(re.body), /o=hotline12345 1 2 IN IP4/);
    assert.match(new TextDecoder().decode(re.body), /a=recvonly/);
    p.send(request(p, "ACK", { callId: "c1", branch: "z9hG4bKa2", seq: 3, toTag: tag }), ua.port);
    p.send(request(p, "BYE", { callId: "c1", branch: "z9hG4bKb1", seq: 4, toTag: tag }), ua.port);
    await p.response(200, "BYE");
    assert.deepEqual(log, [
      "accept 13800000000→12345 PCMU",
      "confirmed",
      "digit 7",
      "reoffer 4002 sendonly",
      "ended bye",
    ]);
    assert.equal(ua.stats.calls, 1);
    assert.equal(ua.stats.activeDialogs, 0);
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] CANCEL of a ringing call: 200 to the CANCEL, 487 to the INVITE until its ACK", async () => {
  const { ua, log } = await startUa({ answerDelayMs: 5000 });
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "c2",
        branch: "z9hG4bKi2",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    await p.response(180);
    p.send(request(p, "CANCEL", { callId: "c2", branch: "z9hG4bKi2", seq: 1 }), ua.port);
    await p.response(200, "CANCEL");
    await p.response(487);
    await p.response(487); // again: no ACK yet
    p.send(request(p, "ACK", { callId: "c2", branch: "z9hG4bKi2", seq: 1 }), ua.port);
    assert.deepEqual(log, ["accept 13800000000→12345 PCMU", "ended cancel"]);
    // A CANCEL for nothing is 481.
    p.send(request(p, "CANCEL", { callId: "c9", branch: "z9hG4bKnone", seq: 1 }), ua.port);
    await p.response(481, "CANCEL");
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] our hang-up sends a BYE, again until it is answered", async () => {
  const { ua } = await startUa();
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "c3",
        branch: "z9hG4bKi3",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    const ok = await p.response(200);
    p.send(
      request(p, "ACK", { callId: "c3", branch: "z9hG4bKa3", seq: 1, toTag: toTagOf(ok) }),
      ua.port,
    );
    ua.hangup("c3");
    const bye = await p.take((m) => m.type === "request" && m.method === "BYE");
    assert.equal(bye.type === "request" && bye.uri, `sip:13800000000@127.0.0.1:${p.port}`);
    assert.match(headerValue(bye, "from")!, new RegExp(`tag=${toTagOf(ok)}`));
    await p.take((m) => m.type === "request" && m.method === "BYE"); // resent
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] strangers get 403, junk is counted, bad requests get 400, odd methods 405/501", async () => {
  const { ua, log } = await startUa();
  const p = await Peer.open();
  const stranger = await Peer.open("127.0.0.2");
  try {
    stranger.send(
      request(stranger, "INVITE", {
        callId: "x1",
        branch: "z9hG4bKs1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    await stranger.response(403);
    stranger.send(
      request(stranger, "OPTIONS", { callId: "x2", branch: "z9hG4bKs2", seq: 1 }),
      ua.port,
    );
    await stranger.response(403, "OPTIONS");
    // Junk from a stranger is dropped, never answered.
    stranger.send("INVITE sip:x SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bKj\n\n", ua.port);

    p.send(request(p, "OPTIONS", { callId: "o1", branch: "z9hG4bKo1", seq: 1 }), ua.port);
    const options = await p.response(200, "OPTIONS");
    assert.match(headerValue(options, "allow")!, /INVITE, ACK, BYE, CANCEL, OPTIONS, INFO/);
    p.send(
      request(p, "INVITE", { callId: "b1", branch: "z9hG4bKb1", seq: 1 }).replace(
        "Max-Forwards: 70",
        "Max-Forwards: lots",
      ),
      ua.port,
    );
    const bad = await p.response(400);
    assert.match(headerValue(bad, "warning")!, /bad Max-Forwards/);
    p.send("\r\n\r\n", ua.port);
    p.send("\x00\x01garbage\r\n\r\n", ua.port);
    p.send(request(p, "INVITE", { callId: "n1", branch: "z9hG4bKn1", seq: 1 }), ua.port);
    await p.response(488);
    p.send(request(p, "REGISTER", { callId: "r1", branch: "z9hG4bKr1", seq: 1 }), ua.port);
    await p.response(405, "REGISTER");
    p.send(request(p, "FROBNICATE", { callId: "f1", branch: "z9hG4bKf1", seq: 1 }), ua.port);
    await p.response(501, "FROBNICATE");
    p.send(
      request(p, "BYE", { callId: "nobody", branch: "z9hG4bKy1", seq: 2, toTag: "zz" }),
      ua.port,
    );
    await p.response(481, "BYE");
    p.send(
      request(p, "OPTIONS", { callId: "m1", branch: "z9hG4bKm1", seq: 1 }).replace(
        "Max-Forwards: 70",
        "Max-Forwards: 0",
      ),
      ua.port,
    );
    await p.response(200, "OPTIONS");
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(log, []);
    assert.equal(ua.stats.forbidden, 2);
    assert.equal(ua.stats.keepAlives, 1);
    assert.equal(ua.stats.malformed, 3);
    assert.equal(ua.stats.badRequests, 1);
    assert.equal(ua.stats.dropped, 2);
    assert.equal(ua.stats.errors, 0);
  } finally {
    p.close();
    stranger.close();
    await ua.stop();
  }
});

Deno.test("[sip ua] with digest authentication an INVITE is challenged, then accepted", async () => {
  const creds = { user: "trunk", password: "pw", realm: "12345" };
  const { ua, log } = await startUa({ auth: new DigestAuth(creds) });
  const p = await Peer.open();
  try {
    p.send(
      request(p, "INVITE", {
        callId: "d1",
        branch: "z9hG4bKd1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      ua.port,
    );
    const challenge = await p.response(401);
    p.send(
      request(p, "ACK", { callId: "d1", branch: "z9hG4bKd1", seq: 1, toTag: toTagOf(challenge) }),
      ua.port,
    );
    const auth = await authorize(
      creds,
      "INVITE",
      "sip:12345@127.0.0.1",
      headerValue(challenge, "www-authenticate")!,
    );
    p.send(
      request(p, "INVITE", {
        callId: "d1",
        branch: "z9hG4bKd2",
        seq: 2,
        body: SDP(4000),
        type: "application/sdp",
        extra: `Authorization: ${auth}\n`,
      }),
      ua.port,
    );
    await p.response(200);
    assert.deepEqual(log, ["accept 13800000000→12345 PCMU"]);
    assert.equal(ua.stats.unauthorized, 1);
  } finally {
    p.close();
    await ua.stop();
  }
});

Deno.test("[sip ua][fuzz] mutated INVITEs, CANCELs, BYEs and ACKs never throw inside the UA", async () => {
  const { ua } = await startUa();
  const p = await Peer.open();
  try {
    const templates = [
      request(p, "INVITE", {
        callId: "z1",
        branch: "z9hG4bKz1",
        seq: 1,
        body: SDP(4000),
        type: "application/sdp",
      }),
      request(p, "CANCEL", { callId: "z1", branch: "z9hG4bKz1", seq: 1 }),
      request(p, "ACK", { callId: "z1", branch: "z9hG4bKz2", seq: 1, toTag: "t" }),
      request(p, "BYE", { callId: "z1", branch: "z9hG4bKz3", seq: 2, toTag: "t" }),
      request(p, "INFO", {
        callId: "z1",
        branch: "z9hG4bKz4",
        seq: 3,
        toTag: "t",
        body: "Signal=1",
        type: "application/dtmf-relay",
      }),
    ].map((t) => new TextEncoder().encode(t.replace(/\n/g, "\r\n")));
    const cases = fc.sample(
      fc.tuple(
        fc.nat(templates.length - 1),
        fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat(1200)),
      ),
      { numRuns: 1500, seed: 4733 },
    );
    let sent = 0;
    for (const [which, flips, cut] of cases) {
      const bytes = templates[which].slice(0, cut ?? undefined);
      for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
      if (bytes.length === 0) continue;
      p.socket.send(bytes, ua.port, "127.0.0.1");
      // Paced, so loopback's receive buffer does not drop what the test wants looked at.
      if (++sent % 50 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(ua.stats.errors, 0);
    assert.ok(ua.stats.received >= 1400, `received ${ua.stats.received}`);
  } finally {
    p.close();
    await ua.stop();
  }
});
