import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("loadConfig() defaults to the embedded database on 127.0.0.1:8000", () => {
  const config = loadConfig({});
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.port, 8000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, "./data");
  assert.equal(config.demoTraffic, true);
});

Deno.test("loadConfig() reads every variable", () => {
  const config = loadConfig({
    HOST: "0.0.0.0",
    PORT: "9000",
    DATABASE_URL: "postgres://u@db:5432/hotline",
    DATA_DIR: "/var/lib/hotline",
    DEMO_TRAFFIC: "off",
    DEMO_DATA: "off",
  });
  assert.deepEqual(
    [config.host, config.port, config.databaseUrl, config.dataDir, config.demoTraffic],
    ["0.0.0.0", 9000, "postgres://u@db:5432/hotline", "/var/lib/hotline", false],
  );
  assert.equal(config.demoData, false);
});

Deno.test("loadConfig() names every bad variable and its value", () => {
  assert.throws(
    () => loadConfig({ PORT: "eighty", DEMO_TRAFFIC: "yes", DATABASE_URL: "mysql://x" }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT="eighty"/);
      assert.match(error.message, /DEMO_TRAFFIC="yes"/);
      assert.match(error.message, /DATABASE_URL="mysql:\/\/x": must be a postgres:\/\//);
      return true;
    },
  );
});

Deno.test("loadConfig() keeps audit records at least 180 days and never echoes secrets", () => {
  assert.equal(loadConfig({}).auditRetentionDays, 365);
  assert.throws(
    () => loadConfig({ AUDIT_RETENTION_DAYS: "90" }),
    /AUDIT_RETENTION_DAYS="90": must be at least 180 days/,
  );
  assert.throws(
    () => loadConfig({ PII_KEYS: "k1:not-a-valid-key-but-secret" }),
    (e: Error) => /PII_KEYS=\(hidden\)/.test(e.message) && !e.message.includes("secret"),
  );
  assert.throws(
    () => loadConfig({ PII_KEYS: `k1:${"A".repeat(43)}=` }),
    /PII_HASH_KEY.*required with PII_KEYS/,
  );
});
