import assert from "node:assert/strict";
import { buildAnswer, buildOffer, negotiate, parseSdp } from "./sdp.ts";

const offer = (m: string, extra: string[] = []) =>
  ["v=0", "o=- 1 1 IN IP4 10.0.0.9", "s=-", "c=IN IP4 10.0.0.9", "t=0 0", m, ...extra].join("\r\n");

Deno.test("negotiate() keeps the offerer's G.711 preference and its telephone-event type", () => {
  const n = negotiate(
    parseSdp(offer("m=audio 4000 RTP/AVP 18 8 0 96", [
      "a=rtpmap:18 G729/8000",
      "a=rtpmap:96 telephone-event/8000",
    ]))!,
  )!;
  assert.deepEqual(
    { codec: n.codec, pt: n.pt, dtmfPt: n.dtmfPt, host: n.remoteHost, port: n.remotePort },
    { codec: "PCMA", pt: 8, dtmfPt: 96, host: "10.0.0.9", port: 4000 },
  );
  const answer = buildAnswer(n, { host: "10.0.0.1", port: 30000, sessionId: 7, version: 1 });
  assert.match(answer, /^m=audio 30000 RTP\/AVP 8 96\r$/m);
  assert.match(answer, /^a=rtpmap:96 telephone-event\/8000\r$/m);
  assert.match(answer, /^a=sendrecv\r$/m);
});

Deno.test("negotiate() refuses offers without G.711 or without an address (488)", () => {
  assert.equal(negotiate(parseSdp(offer("m=audio 4000 RTP/AVP 18 9"))!), null);
  assert.equal(negotiate(parseSdp(offer("m=audio 0 RTP/AVP 0"))!), null);
  assert.equal(negotiate(parseSdp(offer("m=video 4000 RTP/AVP 0"))!), null);
  assert.equal(parseSdp("not sdp"), null);
  assert.equal(parseSdp("v=0\r\nm=audio x RTP/AVP 0"), null);
});

Deno.test("a held call (sendonly offer) is answered recvonly; media-level c= wins", () => {
  const n = negotiate(
    parseSdp(offer("m=audio 4002 RTP/AVP 0", ["c=IN IP4 10.0.0.7", "a=sendonly"]))!,
  )!;
  assert.equal(n.remoteHost, "10.0.0.7");
  assert.equal(n.peerDirection, "sendonly");
  assert.match(buildAnswer(n, { host: "h", port: 1, sessionId: 1, version: 2 }), /a=recvonly/);
});

Deno.test("buildOffer() offers PCMU, PCMA and telephone-event, and parses back", () => {
  const n = negotiate(
    parseSdp(buildOffer({ host: "10.0.0.1", port: 30002, sessionId: 1, version: 1 }))!,
  )!;
  assert.deepEqual([n.codec, n.dtmfPt, n.remotePort], ["PCMU", 101, 30002]);
});
