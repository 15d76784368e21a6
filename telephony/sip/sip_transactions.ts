/**
 * The transaction layer of RFC 3261 over the UA's socket: a server transaction answers a
 * retransmitted request with what it said last (and a final non-2xx to an INVITE is sent again
 * until its ACK), a client transaction sends a request again until a final response comes.
 * Dialogs — who the call is with, 2xx retransmission until the ACK — are the UA's (sip_ua.ts).
 */
import { responseTo } from "./sip_build.ts";
import { headerValue, serializeMessage, type SipRequest, type SipResponse } from "./sip_message.ts";
import { newTag, parseVia } from "./sip_parts.ts";
import type { Remote, UdpSocket } from "./udp_socket.ts";

export const T1 = 500;
export const T2 = 4000;
export const TIMER_B = 64 * T1;

interface ServerTx {
  response: Uint8Array | null;
  to: Remote;
  expires: number;
  retransmit?: ReturnType<typeof setTimeout>;
}

export interface ResponseOptions {
  toTag?: string;
  headers?: [string, string][];
  body?: Uint8Array;
  /** Said in a Warning header: why a request was refused. */
  reasonText?: string;
}

/** Sends `bytes` at T1, 2·T1 … (capped at T2) while `more()` holds; `stop` at Timer B. */
export function retransmit(
  send: () => void,
  more: () => boolean,
  stop: () => void,
  set: (timer: ReturnType<typeof setTimeout>) => void,
): void {
  const started = Date.now();
  let interval = T1;
  const again = () => {
    if (!more()) return;
    if (Date.now() - started >= TIMER_B) return stop();
    send();
    interval = Math.min(interval * 2, T2);
    set(setTimeout(again, interval));
  };
  set(setTimeout(again, interval));
}

const branchOf = (m: SipRequest | SipResponse) =>
  parseVia(headerValue(m, "via") ?? "")?.params.get("branch") ?? null;

export class SipTransactions {
  readonly #server = new Map<string, ServerTx>();
  readonly #client = new Map<string, (res: SipResponse) => void>();

  constructor(private readonly socket: UdpSocket) {}

  /** Answers `req` and remembers the answer for its retransmissions. */
  respond(req: SipRequest, status: number, to: Remote, o: ResponseOptions = {}): Uint8Array {
    // Every final answer tags the To (RFC 3261 §8.2.6.2), even a refusal outside any dialog.
    const toTag = o.toTag ?? (status > 100 ? newTag() : undefined);
    const res = responseTo(req, status, { toTag, from: to, headers: o.headers, body: o.body });
    if (o.reasonText) {
      res.headers.push(["warning", `399 edge "${o.reasonText.replace(/"/g, "'")}"`]);
    }
    const bytes = serializeMessage(res);
    this.socket.send(bytes, to);
    const branch = branchOf(req);
    if (branch) {
      const key = `${branch} ${req.method}`;
      const tx = this.#server.get(key);
      if (tx) tx.response = bytes;
      else this.#server.set(key, { response: bytes, to, expires: Date.now() + TIMER_B });
    }
    return bytes;
  }

  /**
   * A request seen before (same branch and method) is answered again with the last response and
   * true is returned; a new one opens its transaction and false is returned.
   */
  replayed(req: SipRequest, from: Remote): boolean {
    const branch = branchOf(req);
    if (!branch) return false;
    const key = `${branch} ${req.method}`;
    const known = this.#server.get(key);
    if (known) {
      if (known.response) this.socket.send(known.response, from);
      return true;
    }
    this.#server.set(key, { response: null, to: from, expires: Date.now() + TIMER_B });
    return false;
  }

  /** A final non-2xx to an INVITE, sent again until its ACK (Timer G) or Timer B. */
  repeatFinal(inviteBranch: string | null, bytes: Uint8Array, to: Remote): void {
    const key = inviteBranch ? `${inviteBranch} INVITE` : null;
    const tx = key ? this.#server.get(key) : undefined;
    if (!tx) return;
    retransmit(
      () => this.socket.send(bytes, to),
      () => this.#server.has(key!),
      () => {},
      (t) => tx.retransmit = t,
    );
  }

  /** The ACK of a non-2xx final shares the INVITE's branch: it ends Timer G. */
  acked(branch: string | null): void {
    const tx = branch ? this.#server.get(`${branch} INVITE`) : undefined;
    if (tx?.retransmit) {
      clearTimeout(tx.retransmit);
      tx.retransmit = undefined;
    }
  }

  /** A request of ours, sent again until a final response; `done(null)` at Timer B. */
  send(req: SipRequest, branch: string, to: Remote, done: (res: SipResponse | null) => void) {
    const bytes = serializeMessage(req);
    this.socket.send(bytes, to);
    let timer: ReturnType<typeof setTimeout> | undefined;
    retransmit(
      () => this.socket.send(bytes, to),
      () => this.#client.has(branch),
      () => {
        this.#client.delete(branch);
        done(null);
      },
      (t) => timer = t,
    );
    this.#client.set(branch, (res) => {
      if (res.status < 200) return;
      clearTimeout(timer);
      this.#client.delete(branch);
      done(res);
    });
  }

  /** Every response with this branch goes to `handler` until `forget`. */
  expect(branch: string, handler: (res: SipResponse) => void): void {
    this.#client.set(branch, handler);
  }

  forget(branch: string): void {
    this.#client.delete(branch);
  }

  /** Hands a response to its client transaction; false when none is waiting for it. */
  dispatch(res: SipResponse): boolean {
    const branch = branchOf(res);
    const tx = branch ? this.#client.get(branch) : undefined;
    if (!tx) return false;
    tx(res);
    return true;
  }

  /** Forgets the server transactions past Timer B. */
  expire(now = Date.now()): void {
    for (const [key, tx] of this.#server) {
      if (tx.expires < now) {
        clearTimeout(tx.retransmit);
        this.#server.delete(key);
      }
    }
  }

  stop(): void {
    for (const tx of this.#server.values()) clearTimeout(tx.retransmit);
    this.#client.clear();
  }
}
