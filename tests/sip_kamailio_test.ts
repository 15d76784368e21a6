/**
 * Kamailio (Debian's SIP proxy) in front of the edge, as a carrier's border or a load-sharing
 * proxy would be: it record-routes, so the edge's own BYE must go back through it (the route
 * set), and the edge's allow-list holds only the proxy.
 */
import assert from "node:assert/strict";
import { freeUdpPort, runSipp, scenario } from "./sip_client.ts";
import { eventually, startEdge } from "./sip_harness.ts";

function kamailioConfig(port: number, edgePort: number): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=1
auto_aliases=no
listen=udp:127.0.0.1:${port}
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "textops.so"
modparam("rr", "enable_full_lr", 1)

request_route {
  xlog("L_NOTICE", "relay $rm from $si:$sp\\n");
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) { t_relay(); exit; }
    if (is_method("ACK")) { if (t_check_trans()) t_relay(); exit; }
    sl_send_reply("404", "Not here");
    exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) t_relay(); exit; }
  record_route();
  $du = "sip:127.0.0.1:${edgePort}";
  t_relay();
}
`;
}

Deno.test("[sip] through a Kamailio proxy: the survey path works and the edge's BYE follows the route set", async () => {
  const e = await startEdge();
  const dir = await Deno.makeTempDir({ prefix: "kamailio-" });
  const port = await freeUdpPort();
  await Deno.writeTextFile(`${dir}/kamailio.cfg`, kamailioConfig(port, e.edge.port));
  const proxy = new Deno.Command("/usr/sbin/kamailio", {
    args: [
      "-f",
      `${dir}/kamailio.cfg`,
      "-DD",
      "-E",
      "-m",
      "32",
      "-M",
      "8",
      "-P",
      `${dir}/k.pid`,
      "-Y",
      dir,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const reader = (async () => {
    for await (const chunk of proxy.stderr.pipeThrough(new TextDecoderStream())) log.push(chunk);
  })();
  try {
    // Listening once it has logged its start; a config error ends it at once instead.
    await eventually(() => Promise.resolve(/INFO|ERROR/.test(log.join(""))), 10_000).catch(
      () => {},
    );
    const run = await runSipp(
      scenario({
        caller: "13600000001",
        steps: [{ pause: 800 }, { dtmf: "25" }, { pause: 1000 }, { dtmf: "3" }],
        end: "wait_bye",
      }),
      `127.0.0.1:${port}`,
      { timeoutS: 60 },
    );
    assert.equal(run.code, 0, run.stdout.slice(-1500) + run.errors + log.join("").slice(-3000));
    const [survey] = await e.t.db.query<{ survey: string; score: number }>(
      "select survey, score from case_surveys",
    );
    assert.deepEqual(survey, { survey: "opinion", score: 3 });
    const text = log.join("");
    assert.match(text, /relay INVITE from 127\.0\.0\.1/);
    // The edge hung up through the proxy (Record-Route → Route), not straight to the caller.
    assert.match(text, new RegExp(`relay BYE from 127\\.0\\.0\\.1:${e.edge.port}\\b`));
  } finally {
    try {
      proxy.kill("SIGTERM");
    } catch {
      // It already ended (its log is in the failure message).
    }
    await proxy.status;
    await reader.catch(() => {});
    await proxy.stdout.cancel().catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await e.dispose();
  }
});
