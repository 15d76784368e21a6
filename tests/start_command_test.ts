import assert from "node:assert/strict";

import { DEMO_PASSWORD } from "../server/seed/demo_users.ts";
import { freePort } from "./server_process.ts";

const ROOT = new URL("../", import.meta.url);

function startCommand(env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts"],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("[start] bad configuration names the variable and exits non-zero", async () => {
  const { code, stderr } = await startCommand({ PORT: "eighty", DEMO_TRAFFIC: "maybe" }).output();
  const text = new TextDecoder().decode(stderr);
  assert.equal(code, 2);
  assert.match(text, /invalid configuration/);
  assert.match(text, /PORT="eighty"/);
  assert.match(text, /DEMO_TRAFFIC="maybe"/);
});

Deno.test("[start] the start command serves on the embedded database with the demo city", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "hotline-start-" });
  const port = freePort();
  const child = startCommand({ PORT: String(port), DATA_DIR: dataDir, DEMO_TRAFFIC: "on" }).spawn();
  const base = `http://127.0.0.1:${port}`;
  let stream: Response | undefined;
  try {
    let health: Response | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      health = await fetch(`${base}/healthz`).catch(() => undefined);
      if (health?.status === 200) break;
      await health?.body?.cancel();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(health?.status, 200);
    const body = await health!.json();
    assert.equal(body.database.kind, "pglite");
    assert.equal(body.listener.status, "listening");

    // Signed out, the overview sends the browser to the sign-in page.
    const anonymous = await fetch(`${base}/`, {
      redirect: "manual",
      headers: { accept: "text/html" },
    });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get("location"), "/login?next=%2F");
    await anonymous.body?.cancel();
    const signIn = await fetch(`${base}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ work_number: "9001", password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    await signIn.body?.cancel();
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    const page = await fetch(`${base}/`, { headers: { cookie } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /运行总览/);
    assert.match(html, /data-island="OpsOverview"/);
    const bundle = await fetch(`${base}/static/build/client.js`);
    assert.equal(bundle.status, 200);
    await bundle.body?.cancel();

    // The demo's seeds and traffic go through the services: their events are on the spine.
    const snapshot = await (await fetch(`${base}/api/overview`, { headers: { cookie } })).json();
    assert.ok(snapshot.recent.length > 0);
    // The demo's cases are there, in more than one status.
    const cases = await (await fetch(`${base}/api/cases?page_size=50`, { headers: { cookie } }))
      .json();
    const statuses = new Set(cases.rows.map((r: { status: string }) => r.status));
    assert.ok(statuses.size >= 3, JSON.stringify([...statuses]));
    // A wall screen stays connected: stopping must not wait for it to leave.
    stream = await fetch(`${base}/api/events`, { headers: { cookie } });
    assert.equal(stream.status, 200);
  } finally {
    child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const status = await Promise.race([
      child.status,
      new Promise<never>((_, reject) =>
        timer = setTimeout(() => reject(new Error("still running 10 s after SIGTERM")), 10_000)
      ),
    ]).catch((error) => {
      child.kill("SIGKILL");
      throw error;
    }).finally(() => clearTimeout(timer));
    await stream?.body?.cancel().catch(() => {});
    const output = await new Response(child.stdout).text();
    await child.stderr.cancel();
    assert.equal(status.code, 0, "stops cleanly on SIGTERM");
    // The first start prints the admin's one-time password, once.
    assert.match(
      output,
      /first admin created: work number "admin", one-time password [A-Za-z0-9]{20} /,
    );
    await Deno.remove(dataDir, { recursive: true });
  }
});
