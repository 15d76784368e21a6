/**
 * The phones of bench/media_load.ts, in a process of their own (as real callers are elsewhere):
 * one UDP socket per party sends 20 ms PCMU packets to its PlainTransport (comedia: the worker
 * answers to where the packets come from) and counts what the party hears.
 * stdin: "add <port> <ssrc>" per party, "stats" → one JSON line {sent, got}.
 */
import dgram from "node:dgram";
import { encodeMuLaw } from "../telephony/g711.ts";
import { buildRtp } from "../telephony/rtp_packet.ts";

const payload = encodeMuLaw(
  Int16Array.from(
    { length: 160 },
    (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
  ),
);
const parties: { socket: dgram.Socket; port: number; ssrc: number; seq: number; ts: number }[] = [];
let sent = 0;
let got = 0;

let ticks = 0;
const started = performance.now();
setInterval(() => {
  const due = Math.floor((performance.now() - started) / 20);
  // Far behind (this process is starved): skip the lost time instead of queueing a burst.
  if (due - ticks > 5) ticks = due - 1;
  for (; ticks < due; ticks++) {
    for (const p of parties) {
      const rtp = buildRtp({
        payloadType: 0,
        sequence: p.seq++,
        timestamp: p.ts,
        ssrc: p.ssrc,
        payload,
      });
      p.ts += 160;
      p.socket.send(rtp, p.port, "127.0.0.1");
      sent++;
    }
  }
}, 5);

async function* lines() {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    let at;
    while ((at = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
    }
  }
}

for await (const line of lines()) {
  const [cmd, a, b] = line.trim().split(" ");
  if (cmd === "add") {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
    socket.on("message", () => got++);
    parties.push({ socket, port: Number(a), ssrc: Number(b), seq: 0, ts: 0 });
    console.log("ok");
  } else if (cmd === "stats") {
    console.log(JSON.stringify({ sent, got }));
  } else if (cmd === "quit") {
    Deno.exit(0);
  }
}
