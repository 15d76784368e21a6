import assert from "node:assert/strict";
import fc from "fast-check";
import {
  headerValue,
  headerValues,
  isKeepAlive,
  parseMessage,
  serializeMessage,
  type SipRequest,
  splitCommas,
} from "./sip_message.ts";
import { parseNameAddr, parseUri, parseVia } from "./sip_parts.ts";

const enc = (s: string) => new TextEncoder().encode(s);

const INVITE = [
  "INVITE sip:12345@10.0.0.1 SIP/2.0",
  "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK776asdhds, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKx",
  "Max-Forwards: 70",
  'f: "张三" <sip:13800138000@10.0.0.9>;tag=1928301774',
  "t: <sip:12345@10.0.0.1>",
  "i: a84b4c76e66710",
  "CSeq: 314159 INVITE",
  "m: <sip:13800138000@10.0.0.9:5060>",
  "Subject: a folded",
  "  header",
  "c: application/sdp",
  "l: 4",
  "",
  "v=0\r\nextra",
].join("\r\n");

Deno.test("parseMessage() reads a request with compact headers, folding and a Content-Length", () => {
  const r = parseMessage(enc(INVITE));
  assert.ok(r.ok, !r.ok ? r.error : "");
  const m = r.message as SipRequest;
  assert.equal(m.method, "INVITE");
  assert.equal(m.uri, "sip:12345@10.0.0.1");
  assert.equal(headerValue(m, "call-id"), "a84b4c76e66710");
  assert.equal(headerValue(m, "i"), "a84b4c76e66710");
  assert.equal(headerValue(m, "subject"), "a folded header");
  assert.equal(headerValues(m, "via").length, 2);
  assert.equal(new TextDecoder().decode(m.body), "v=0\r");
});

Deno.test("serializeMessage() round-trips and always writes the real Content-Length", () => {
  const r = parseMessage(enc(INVITE));
  assert.ok(r.ok);
  const again = parseMessage(serializeMessage(r.message));
  assert.ok(again.ok);
  assert.deepEqual(
    again.message.headers.filter(([n]) => n !== "content-length"),
    r.message.headers.filter(([n]) => n !== "content-length"),
  );
  assert.match(
    new TextDecoder().decode(serializeMessage(r.message)),
    /\r\nCall-ID: a84b4c76e66710\r\n.*Content-Length: 4\r\n\r\nv=0\r$/s,
  );
});

Deno.test("serializeMessage() never lets a value smuggle a header", () => {
  const bytes = serializeMessage({
    type: "response",
    status: 200,
    reason: "OK",
    headers: [["warning", "399 x\r\nVia: evil"]],
    body: new Uint8Array(),
  });
  assert.doesNotMatch(new TextDecoder().decode(bytes), /\r\nVia: evil/);
});

Deno.test("parseMessage() refuses broken messages with a reason, and keeps the request for a 400", () => {
  const bad: [string, string][] = [
    ["INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n", "missing from"],
    ["GARBAGE\r\n\r\n", "malformed start line"],
    ["INVITE sip:a@b SIP/3.0\r\n\r\n", "malformed start line"],
    [INVITE.replace("l: 4", "l: 400"), "body shorter than Content-Length"],
    [INVITE.replace("l: 4", "l: -1"), "bad Content-Length"],
    [
      INVITE.replace("CSeq: 314159 INVITE", "CSeq: 314159 BYE"),
      "CSeq method differs from the request's",
    ],
    [INVITE.replace("CSeq: 314159 INVITE", "CSeq: x INVITE"), "bad CSeq"],
    [INVITE.replace("i: a84b4c76e66710", "i: a\r\ni: b"), "several call-id"],
    [INVITE.replace("Max-Forwards: 70", "Max-Forwards: lots"), "bad Max-Forwards"],
    [INVITE.replace("Max-Forwards: 70", "Bad Header Name: x"), "malformed header name"],
  ];
  for (const [text, error] of bad) {
    const r = parseMessage(enc(text));
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.equal(r.error, error, text);
  }
  const r = parseMessage(enc(INVITE.replace("CSeq: 314159 INVITE", "CSeq: x INVITE")));
  assert.ok(!r.ok && r.request?.method === "INVITE");
  assert.equal(parseMessage(new Uint8Array([0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a])).ok, false);
  assert.equal(parseMessage(new Uint8Array(70_000)).ok, false);
});

Deno.test("isKeepAlive() knows a CRLF ping", () => {
  assert.ok(isKeepAlive(enc("\r\n\r\n")));
  assert.ok(!isKeepAlive(enc("OPTIONS")));
});

Deno.test("[fuzz] parseMessage() never throws on hostile bytes, mutated messages or random text", () => {
  const base = enc(INVITE);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        fc.string({ maxLength: 2000 }).map(enc),
        // A valid message with bytes flipped, cut short or spliced with junk.
        fc.tuple(fc.nat(base.length - 1), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(
          ([at, junk]) => {
            const out = new Uint8Array(base.length + junk.length);
            out.set(base.subarray(0, at));
            out.set(junk, at);
            out.set(base.subarray(at), at + junk.length);
            return out;
          },
        ),
        fc.nat(base.length).map((n) => base.subarray(0, n)),
        fc.array(
          fc.constantFrom(
            "Via: ",
            "SIP/2.0",
            "\r\n",
            ":",
            ";",
            ",",
            "<",
            ">",
            '"',
            "tag=",
            "l: 99",
            "\t",
            "INVITE ",
          ),
          { maxLength: 60 },
        ).map((parts) => enc(parts.join(""))),
      ),
      (bytes) => {
        const r = parseMessage(bytes);
        if (r.ok) {
          // Whatever parses serializes and parses again.
          assert.ok(parseMessage(serializeMessage(r.message)).ok);
          for (const v of headerValues(r.message, "via")) parseVia(v);
          parseNameAddr(headerValue(r.message, "from")!);
          if (r.message.type === "request") parseUri(r.message.uri);
        }
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("splitCommas() keeps quoted and bracketed commas", () => {
  assert.deepEqual(splitCommas('"a, b" <sip:x>, <sip:y;p=1,2>'), [
    '"a, b" <sip:x>',
    "<sip:y;p=1,2>",
  ]);
});

Deno.test("parseNameAddr(), parseUri() and parseVia() read the forms RFC 3261 allows", () => {
  const na = parseNameAddr('"张三" <sip:138@h:5070;transport=udp>;tag=abc')!;
  assert.equal(na.display, "张三");
  assert.equal(na.params.get("tag"), "abc");
  assert.deepEqual(parseUri(na.uri), {
    scheme: "sip",
    user: "138",
    host: "h",
    port: 5070,
    params: new Map([["transport", "udp"]]),
  });
  assert.equal(parseNameAddr("sip:1@h;tag=x")!.params.get("tag"), "x");
  assert.equal(parseNameAddr("<sip:unterminated"), null);
  const via = parseVia("SIP/2.0/UDP [::1]:5060;branch=z9hG4bKa;rport")!;
  assert.equal(via.host, "::1");
  assert.equal(via.params.get("rport"), null);
  assert.ok(via.params.has("rport"));
  assert.equal(parseVia("SIP/2.0/UDP host:99999"), null);
  assert.equal(parseUri("sip:@h"), null);
});
