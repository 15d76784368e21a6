import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../server/config.ts";

Deno.test("the trunk's settings have the documented defaults", () => {
  const c = loadConfig({});
  assert.deepEqual(c.sip, {
    enabled: true,
    host: "127.0.0.1",
    port: 5060,
    trunkAllow: "127.0.0.1",
    rtpPortMin: 20000,
    rtpPortMax: 29999,
    maxCalls: 250,
    digest: undefined,
    outbound: undefined,
    callbackPolicy: { attempts: 3, intervalMs: 600_000 },
  });
  const d = loadConfig({
    SIP_TRUNK_ALLOW: "10.0.0.0/8, 192.0.2.7",
    SIP_DIGEST_USER: "trunk",
    SIP_DIGEST_PASSWORD: "long-enough",
    SIP_EDGE: "off",
    SIP_TRUNK_OUTBOUND: "10.0.0.1:5060",
    SIP_CALLBACK_ATTEMPTS: "5",
    SIP_CALLBACK_RETRY_S: "120",
  });
  assert.deepEqual(d.sip.callbackPolicy, { attempts: 5, intervalMs: 120_000 });
  assert.deepEqual(d.sip.outbound, { address: "10.0.0.1", port: 5060 });
  assert.deepEqual(d.sip.digest, { user: "trunk", password: "long-enough", realm: "12345" });
  assert.equal(d.sip.enabled, false);
});

Deno.test("bad trunk settings stop the start, naming the variable and never echoing the password", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { SIP_TRUNK_ALLOW: "10.0.0.0/40" },
      /SIP_TRUNK_ALLOW=.*not an address or CIDR block: "10\.0\.0\.0\/40"/,
    ],
    [{ SIP_PORT: "70000" }, /SIP_PORT=/],
    [{ RTP_PORT_MIN: "30000", RTP_PORT_MAX: "20000" }, /RTP_PORT_MIN=.*must be below RTP_PORT_MAX/],
    [{ SIP_DIGEST_PASSWORD: "secret-pass" }, /SIP_DIGEST_USER=.*go together/],
    [{ SIP_TRUNK_OUTBOUND: "10.0.0.1" }, /SIP_TRUNK_OUTBOUND=.*host:port/],
    [{ SIP_CALLBACK_ATTEMPTS: "0" }, /SIP_CALLBACK_ATTEMPTS=/],
    [{ SIP_CALLBACK_RETRY_S: "5" }, /SIP_CALLBACK_RETRY_S=/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (e: Error) => e instanceof ConfigError && message.test(e.message),
      JSON.stringify(env),
    );
  }
  assert.throws(
    () => loadConfig({ SIP_DIGEST_USER: "u", SIP_DIGEST_PASSWORD: "short" }),
    (e: Error) => /SIP_DIGEST_PASSWORD=\(hidden\)/.test(e.message) && !e.message.includes("short"),
  );
});
