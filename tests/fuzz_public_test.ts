import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestApp } from "./harness.ts";

/** Whatever a stranger sends to a public endpoint: an answer below 500, never a crash. */
Deno.test("[fuzz] public endpoints answer hostile input with 4xx, never 500", async () => {
  const t = await startTestApp({ seed: false });
  try {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.constantFrom("", "null", "[]", "{", "%", "\u0000", "a".repeat(5000)),
    );
    const jsonish = fc.oneof(
      anyText,
      fc.json(),
      fc.record({ work_number: fc.anything(), password: fc.anything(), totp: fc.anything() }, {
        requiredKeys: [],
      }).map((o) => {
        try {
          return JSON.stringify(o);
        } catch {
          return "{}";
        }
      }),
    );
    const request = fc.oneof(
      jsonish.map((body) => ({
        path: "/api/session",
        init: { method: "POST", headers: { "content-type": "application/json" }, body },
      })),
      fc.dictionary(fc.string({ maxLength: 12 }), anyText, { maxKeys: 5 }).map((fields) => ({
        path: "/login",
        init: { method: "POST", body: new URLSearchParams(fields) },
      })),
      anyText.map((next) => ({ path: `/login?next=${encodeURIComponent(next)}`, init: {} })),
      anyText.map((p) => ({ path: `/static/${encodeURIComponent(p)}`, init: {} })),
      anyText.map((q) => ({ path: `/api/events?topics=${encodeURIComponent(q)}`, init: {} })),
      anyText.map((q) => ({ path: `/healthz?${encodeURIComponent(q)}=1`, init: {} })),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ path, init }) => {
        const res = await t.request(path, init as RequestInit);
        await res.body?.cancel();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        return res.status < 500;
      }),
      { numRuns: 250 },
    );
    assert.ok(seen.has(400) || seen.has(401), `statuses seen: ${JSON.stringify([...seen])}`);
  } finally {
    await t.dispose();
  }
});

Deno.test("[fuzz] oversized bodies are refused with 413 before they are read", async () => {
  const t = await startTestApp({ seed: false });
  try {
    const res = await t.request("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ work_number: "1", password: "x".repeat(300 * 1024) }),
    });
    assert.equal(res.status, 413);
  } finally {
    await t.dispose();
  }
});
