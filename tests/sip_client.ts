/**
 * A real SIP caller for the tests and the bench: SIPp (Debian's sip-tester) with scenarios
 * written here, keys as RFC 4733 packets from SIPp's own sample captures, voice as its G.711
 * A-law sample, or keys as SIP INFO.
 */
import dgram from "node:dgram";

const MEDIA = "/usr/share/sip-tester";

export type Step =
  | { dtmf: string }
  | { info: string }
  | { pause: number }
  /** About 7 s of speech (SIPp's g711a sample). */
  | { audio: "g711a" };

export interface ScenarioOptions {
  /** The caller's number (From user part); SIPp's [call_number] keeps calls apart. */
  caller: string;
  dialed?: string;
  steps: Step[];
  /** bye: we hang up at the end; wait_bye: the menu hangs up and we answer its BYE. */
  end: "bye" | "wait_bye";
  /** Offer PCMU first (μ-law) instead of PCMA. */
  codec?: "PCMA" | "PCMU";
  /** Time to wait for the 200 (ms); longer behind a proxy or with ringing. */
  answerTimeoutMs?: number;
  /** A refusal expected instead of the 200 (403, 400…): the scenario ends there. */
  expect?: number;
  /** Spoils the INVITE this way (a hostile or broken client). */
  spoil?: (invite: string) => string;
}

const DIGIT_FILE: Record<string, string> = { "*": "star", "#": "pound" };

function pcap(name: string): string {
  return `<nop><action><exec play_pcap_audio="${MEDIA}/${name}.pcap"/></action></nop>`;
}

/** One key as RFC 4733 packets (≈ 150 ms), then a short gap so presses stay apart. */
function dtmf(digit: string): string {
  return `${pcap(`dtmf_2833_${DIGIT_FILE[digit] ?? digit}`)}\n  <pause milliseconds="250"/>`;
}

function info(digit: string, seq: number): string {
  return `<send retrans="500"><![CDATA[
INFO [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[dialed]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${seq} INFO
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal=${digit}
Duration=160
]]></send>
  <recv response="200"/>`;
}

export function scenario(o: ScenarioOptions): string {
  const codec = o.codec ?? "PCMA";
  const formats = codec === "PCMA" ? "8 0 101" : "0 8 101";
  let seq = 1;
  const body = o.steps.map((s) => {
    if ("dtmf" in s) return [...s.dtmf].map(dtmf).join("\n  ");
    if ("info" in s) return [...s.info].map((d) => info(d, ++seq)).join("\n  ");
    if ("pause" in s) return `<pause milliseconds="${s.pause}"/>`;
    return `${pcap("g711a")}\n  <pause milliseconds="7200"/>`;
  }).join("\n  ");
  const end = o.end === "bye"
    ? `<send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[dialed]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${++seq} BYE
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" timeout="8000"/>`
    : `<recv request="BYE" timeout="120000"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`;
  const invite = `<send retrans="500"><![CDATA[
INVITE sip:[dialed]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "citizen" <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[dialed]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:[caller]@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP ${formats}
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
]]></send>`;
  const head = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="hotline caller">
  ${o.spoil ? o.spoil(invite) : invite}`;
  const xml = o.expect
    ? `${head}
  <recv response="100" optional="true"/>
  <recv response="${o.expect}" timeout="5000"/>
</scenario>
`
    : `${head}
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rrs="true" timeout="${o.answerTimeoutMs ?? 10000}"/>
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[routes]
From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[dialed]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  ${body}
  ${end}
</scenario>
`;
  return xml.replaceAll("[caller]", o.caller).replaceAll("[dialed]", o.dialed ?? "12345");
}

/**
 * A callee (SIPp as the citizen's phone behind the trunk): answers our INVITE with 180 and a
 * 200 (PCMA, telephone-event), then follows `steps` and waits for our BYE; or refuses with
 * `reject` (486 busy…).
 */
export function calleeScenario(o: { steps: Step[]; reject?: number }): string {
  const body = o.steps.map((s) => {
    if ("dtmf" in s) return [...s.dtmf].map(dtmf).join("\n  ");
    if ("pause" in s) return `<pause milliseconds="${s.pause}"/>`;
    if ("audio" in s) return `${pcap("g711a")}\n  <pause milliseconds="7200"/>`;
    throw new Error("a callee sends no INFO here");
  }).join("\n  ");
  const reply = (status: string, extra = "", sdp = "") =>
    `<send${status.startsWith("200") ? ' retrans="500"' : ""}><![CDATA[
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
${extra}Content-Length: [len]

${sdp}]]></send>`;
  const sdp = `v=0
o=callee 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
`;
  const flow = o.reject
    ? `${reply(`${o.reject} Busy Here`)}
  <recv request="ACK"/>`
    : `${reply("180 Ringing")}
  ${reply("200 OK", "Content-Type: application/sdp\n", sdp)}
  <recv request="ACK" rtd="true"/>
  ${body}
  <recv request="BYE" timeout="60000"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="hotline callee">
  <recv request="INVITE" crlf="true"/>
  ${flow}
</scenario>
`;
}

/** A UDP port nobody holds now (SIPp's media port and the one after it). */
export function freeUdpPort(even = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close();
      if (even && port % 2 === 1) resolve(freeUdpPort(true));
      else resolve(port);
    });
  });
}

export interface SippRun {
  code: number;
  stdout: string;
  stderr: string;
  /** SIPp's error log (unexpected messages, timeouts), when there was one. */
  errors: string;
}

/**
 * Runs SIPp against `target` ("host:port"): `calls` calls at `rate` per second, at most
 * `limit` at once. Exit code 0 means every call followed the scenario.
 */
export interface SippOptions {
  calls?: number;
  rate?: number;
  limit?: number;
  localIp?: string;
  timeoutS?: number;
  extra?: string[];
}

export async function runSipp(xml: string, target: string, o: SippOptions = {}): Promise<SippRun> {
  // The media port is found free and then given to SIPp: another process (a parallel test, the
  // edge's RTP range overlaps the ephemeral ports) can take it in between. SIPp then stops before
  // placing any call, so a new port and a second try are safe.
  for (let attempt = 1;; attempt++) {
    const run = await runSippOnce(xml, target, o);
    if (attempt >= 5 || run.code === 0 || !/Unable to bind/.test(run.errors + run.stdout)) {
      return run;
    }
  }
}

async function runSippOnce(xml: string, target: string, o: SippOptions): Promise<SippRun> {
  const dir = await Deno.makeTempDir({ prefix: "sipp-" });
  try {
    const file = `${dir}/scenario.xml`;
    await Deno.writeTextFile(file, xml);
    const ip = o.localIp ?? "127.0.0.1";
    const out = await new Deno.Command("sipp", {
      args: [
        // No target: SIPp waits for a call (a callee scenario on o.extra's -p port).
        ...(target ? [target] : []),
        "-sf",
        file,
        "-m",
        String(o.calls ?? 1),
        "-r",
        String(o.rate ?? 1),
        "-l",
        String(o.limit ?? o.calls ?? 1),
        "-i",
        ip,
        "-mi",
        ip,
        "-mp",
        String(await freeUdpPort(true)),
        "-timeout",
        `${o.timeoutS ?? 90}s`,
        "-timeout_error",
        "-nostdin",
        "-trace_err",
        "-error_file",
        `${dir}/errors.log`,
        ...(o.extra ?? []),
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const errors = await Deno.readTextFile(`${dir}/errors.log`).catch(() => "");
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
      errors,
    };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
