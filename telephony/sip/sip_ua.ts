/**
 * The user agent server of the trunk: the dialogs of RFC 3261 over one UDP socket, on the
 * transaction layer of sip_transactions.ts. INVITE → 100, 180, 200 (retransmitted until ACK);
 * CANCEL → 487; BYE, INFO (digits), OPTIONS, re-INVITE. Media and the menu live behind
 * `CallHandler`: this file only speaks SIP.
 */
import { infoDigit } from "./dtmf.ts";
import { negotiate, parseSdp } from "./sdp.ts";
import { ALLOW, inDialogRequest } from "./sip_build.ts";
import {
  headerValue,
  headerValues,
  isKeepAlive,
  parseCSeq,
  parseMessage,
  type SipRequest,
  type SipResponse,
} from "./sip_message.ts";
import { newTag, parseNameAddr, parseUri, parseVia } from "./sip_parts.ts";
import { type Remote, UdpSocket } from "./udp_socket.ts";
import { Dialog } from "./sip_dialog.ts";
import { type CallHandler, emptyStats, type UaOptions, type UaStats } from "./sip_call.ts";
import { type ResponseOptions, retransmit, SipTransactions } from "./sip_transactions.ts";

const encoder = new TextEncoder();

export class SipUa {
  readonly stats: UaStats = emptyStats();
  #socket!: UdpSocket;
  #tx!: SipTransactions;
  #dialogs = new Map<string, Dialog>();
  #sweep?: ReturnType<typeof setInterval>;

  private constructor(private readonly opts: UaOptions, private readonly handler: CallHandler) {}

  static async start(opts: UaOptions, handler: CallHandler): Promise<SipUa> {
    const ua = new SipUa(opts, handler);
    ua.#socket = await UdpSocket.bind(opts.host, opts.port, (b, from) => ua.#receive(b, from));
    ua.#tx = new SipTransactions(ua.#socket);
    ua.#sweep = setInterval(() => ua.#tx.expire(), 2000);
    return ua;
  }

  get port(): number {
    return this.#socket.port;
  }

  /** Ends a call from our side (menu finished, shutdown). */
  hangup(callId: string): void {
    const dialog = this.#dialogs.get(callId);
    if (!dialog || dialog.state === "terminated") return;
    if (dialog.state === "early") {
      // Not answered yet: the INVITE gets a final "busy" instead of a BYE.
      this.#finalToInvite(dialog, 486);
      this.#end(dialog);
      return;
    }
    const { request, branch } = inDialogRequest(
      dialog.address(),
      "BYE",
      dialog.nextSeq(),
      this.#via(),
    );
    this.#tx.send(request, branch, dialog.nextHop(), () => {});
    this.#end(dialog);
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweep);
    for (const d of [...this.#dialogs.values()]) this.hangup(d.callId);
    this.#tx.stop();
    for (const d of this.#dialogs.values()) d.clearTimers();
    // Give the BYEs a moment to leave before the socket closes.
    await new Promise((r) => setTimeout(r, 50));
    this.#socket.close();
  }

  #via() {
    return { host: this.opts.host, port: this.#socket.port };
  }

  #receive(bytes: Uint8Array, from: Remote): void {
    this.stats.received++;
    try {
      if (isKeepAlive(bytes)) {
        this.stats.keepAlives++;
        return;
      }
      const parsed = parseMessage(bytes);
      if (!parsed.ok) {
        this.stats.malformed++;
        const req = parsed.request;
        // A 400 needs a Via to go back on; never answer an ACK, never answer a stranger's junk.
        const answerable = req && req.method !== "ACK" &&
          ["via", "from", "to", "call-id", "cseq"].every((h) => headerValue(req, h) !== undefined);
        if (answerable && this.opts.allow.allows(from.address)) {
          this.stats.badRequests++;
          this.#respond(req!, 400, from, { reasonText: parsed.error });
        } else this.stats.dropped++;
        return;
      }
      const m = parsed.message;
      if (m.type === "response") {
        this.stats.responses++;
        this.#onResponse(m);
      } else {
        this.stats.requests++;
        this.#onRequest(m, from).catch((error) => {
          this.stats.errors++;
          console.error("sip: request failed:", error);
        });
      }
    } catch (error) {
      this.stats.errors++;
      console.error("sip: datagram failed:", error);
    }
  }

  #respond(req: SipRequest, status: number, to: Remote, o: ResponseOptions = {}): Uint8Array {
    return this.#tx.respond(req, status, to, o);
  }

  async #onRequest(req: SipRequest, from: Remote): Promise<void> {
    const branch = parseVia(headerValue(req, "via")!)?.params.get("branch") ?? null;
    if (req.method === "ACK") return this.#onAck(req, branch);
    if (!this.opts.allow.allows(from.address)) {
      this.stats.forbidden++;
      this.#respond(req, 403, from);
      return;
    }
    // A retransmission: the transaction answers again with what it said last.
    if (this.#tx.replayed(req, from)) return;
    const maxForwards = headerValue(req, "max-forwards");
    if (maxForwards === "0" && req.method !== "OPTIONS") return void this.#respond(req, 483, from);
    const toTag = parseNameAddr(headerValue(req, "to")!)?.params.get("tag");
    if (req.method === "CANCEL") return this.#onCancel(req, branch, from);
    if (toTag) return this.#inDialog(req, from, toTag);
    switch (req.method) {
      case "INVITE":
        return await this.#onInvite(req, from, branch);
      case "OPTIONS":
        return void this.#respond(req, 200, from, {
          headers: [["allow", ALLOW], ["accept", "application/sdp"], ["supported", ""]],
        });
      case "BYE":
      case "INFO":
        return void this.#respond(req, 481, from);
      case "REGISTER":
      case "SUBSCRIBE":
      case "NOTIFY":
      case "REFER":
      case "MESSAGE":
      case "UPDATE":
      case "PRACK":
      case "PUBLISH":
        return void this.#respond(req, 405, from, { headers: [["allow", ALLOW]] });
      default:
        return void this.#respond(req, 501, from, { headers: [["allow", ALLOW]] });
    }
  }

  async #onInvite(req: SipRequest, from: Remote, branch: string | null): Promise<void> {
    if (this.opts.auth) {
      const verdict = await this.opts.auth.verify("INVITE", headerValue(req, "authorization"));
      if (verdict !== "ok") {
        this.stats.unauthorized++;
        this.#respond(req, 401, from, {
          headers: [["www-authenticate", await this.opts.auth.challenge(verdict === "stale")]],
        });
        return;
      }
    }
    const callId = headerValue(req, "call-id")!;
    if (this.#dialogs.has(callId)) return void this.#respond(req, 482, from);
    const fromAddr = parseNameAddr(headerValue(req, "from")!);
    const contact = parseNameAddr(headerValues(req, "contact")[0] ?? "");
    const target = parseUri(req.uri);
    if (!fromAddr || !contact || !target || !fromAddr.params.get("tag")) {
      this.stats.badRequests++;
      return void this.#respond(req, 400, from, { reasonText: "bad From, Contact or URI" });
    }
    const type = (headerValue(req, "content-type") ?? "").split(";")[0].trim().toLowerCase();
    const sdp = type === "application/sdp" ? parseSdp(new TextDecoder().decode(req.body)) : null;
    const offer = sdp ? negotiate(sdp) : null;
    if (!offer) {
      return void this.#respond(req, 488, from, {
        reasonText: sdp ? "no G.711 audio offered" : "an SDP offer is required",
      });
    }
    this.#respond(req, 100, from);
    const caller = parseUri(fromAddr.uri)?.user ?? fromAddr.uri.replace(/^tel:/, "");
    const dialog = new Dialog({
      callId,
      localTag: newTag(),
      remoteFrom: headerValue(req, "from")!,
      localTo: headerValue(req, "to")!,
      remoteTarget: contact.uri,
      routeSet: headerValues(req, "record-route"),
      remoteSeq: parseCSeq(headerValue(req, "cseq")!)!.seq,
      source: from,
      invite: req,
      inviteBranch: branch,
      offer,
    });
    this.#dialogs.set(callId, dialog);
    this.stats.calls++;
    this.stats.activeDialogs = this.#dialogs.size;
    let accepted: Awaited<ReturnType<CallHandler["accept"]>>;
    try {
      accepted = await this.handler.accept({
        callId,
        caller,
        dialed: target.user ?? "",
        source: from,
        offer,
      });
    } catch (error) {
      console.error("sip: accepting a call failed:", error);
      accepted = { status: 503 };
    }
    if (dialog.state === "terminated") {
      // Cancelled while the media was being set up: release it.
      if ("session" in accepted) accepted.session.ended("cancel");
      return;
    }
    if ("status" in accepted) {
      if (accepted.status === 503) dialog.retryAfter = true;
      this.#finalToInvite(dialog, accepted.status);
      this.#end(dialog);
      return;
    }
    dialog.session = accepted.session;
    dialog.media = accepted.media;
    this.#respond(req, 180, from, { toTag: dialog.localTag });
    const answer = () => {
      if (dialog.state !== "early") return;
      dialog.state = "answered";
      this.#send2xx(dialog, req, dialog.answerSdp());
    };
    if (this.opts.answerDelayMs) dialog.timer(answer, this.opts.answerDelayMs);
    else answer();
  }

  /** 200 OK with SDP, sent again at T1, 2·T1 … (capped at T2) until the ACK comes. */
  #send2xx(dialog: Dialog, req: SipRequest, sdp: string): void {
    const bytes = this.#respond(req, 200, dialog.source, {
      toTag: dialog.localTag,
      headers: [
        ["contact", `<sip:${this.opts.host}:${this.#socket.port}>`],
        ["allow", ALLOW],
        ["content-type", "application/sdp"],
      ],
      body: encoder.encode(sdp),
    });
    dialog.awaitingAck = parseCSeq(headerValue(req, "cseq")!)!.seq;
    clearTimeout(dialog.ackTimer);
    retransmit(
      () => this.#socket.send(bytes, dialog.source),
      () => dialog.awaitingAck !== null && dialog.state !== "terminated",
      () => {
        // No ACK in 32 s: the caller is gone. End the dialog with a BYE (RFC 3261 §13.3.1.4).
        dialog.awaitingAck = null;
        const { request, branch } = inDialogRequest(
          dialog.address(),
          "BYE",
          dialog.nextSeq(),
          this.#via(),
        );
        this.#tx.send(request, branch, dialog.nextHop(), () => {});
        dialog.session?.ended("no_ack");
        this.#end(dialog);
      },
      (t) => dialog.ackTimer = t,
    );
  }

  /** A final non-2xx to the INVITE, retransmitted until its ACK (Timer G) or Timer H. */
  #finalToInvite(dialog: Dialog, status: number): void {
    const bytes = this.#respond(dialog.invite, status, dialog.source, {
      toTag: dialog.localTag,
      headers: dialog.retryAfter ? [["retry-after", "5"]] : [],
    });
    this.#tx.repeatFinal(dialog.inviteBranch, bytes, dialog.source);
  }

  #onAck(req: SipRequest, branch: string | null): void {
    this.#tx.acked(branch);
    const dialog = this.#dialogs.get(headerValue(req, "call-id")!);
    const seq = parseCSeq(headerValue(req, "cseq")!)!.seq;
    if (!dialog || dialog.awaitingAck !== seq) return;
    dialog.awaitingAck = null;
    clearTimeout(dialog.ackTimer);
    if (dialog.state === "answered") {
      dialog.state = "confirmed";
      dialog.session?.confirmed();
    }
  }

  #onCancel(req: SipRequest, branch: string | null, from: Remote): void {
    const dialog = [...this.#dialogs.values()].find((d) =>
      d.inviteBranch !== null && d.inviteBranch === branch
    );
    if (!dialog) return void this.#respond(req, 481, from);
    this.#respond(req, 200, from, { toTag: dialog.localTag });
    if (dialog.state !== "early") return; // already answered: the CANCEL changes nothing
    this.#finalToInvite(dialog, 487);
    dialog.session?.ended("cancel");
    this.#end(dialog);
  }

  #inDialog(req: SipRequest, from: Remote, toTag: string): void {
    const dialog = this.#dialogs.get(headerValue(req, "call-id")!);
    if (!dialog || dialog.localTag !== toTag || dialog.state === "terminated") {
      return void this.#respond(req, 481, from);
    }
    const seq = parseCSeq(headerValue(req, "cseq")!)!.seq;
    if (seq <= dialog.remoteSeq && req.method !== "ACK") {
      return void this.#respond(req, 500, from, { reasonText: "CSeq out of order" });
    }
    dialog.remoteSeq = seq;
    switch (req.method) {
      case "BYE":
        this.#respond(req, 200, from);
        dialog.session?.ended("bye");
        this.#end(dialog);
        return;
      case "INFO": {
        const digit = infoDigit(
          headerValue(req, "content-type"),
          new TextDecoder().decode(req.body),
        );
        if (digit === null && req.body.length > 0) return void this.#respond(req, 415, from);
        this.#respond(req, 200, from);
        if (digit !== null) dialog.session?.digit(digit);
        return;
      }
      case "OPTIONS":
        return void this.#respond(req, 200, from, { headers: [["allow", ALLOW]] });
      case "INVITE":
        return this.#reinvite(dialog, req, from);
      default:
        return void this.#respond(req, 405, from, { headers: [["allow", ALLOW]] });
    }
  }

  #reinvite(dialog: Dialog, req: SipRequest, from: Remote): void {
    if (dialog.awaitingAck !== null) return void this.#respond(req, 491, from);
    const contact = parseNameAddr(headerValues(req, "contact")[0] ?? "");
    if (contact) dialog.remoteTarget = contact.uri;
    if (req.body.length === 0) {
      // An offerless re-INVITE: we offer what we have; the answer comes in the ACK.
      return this.#send2xx(dialog, req, dialog.answerSdp(true));
    }
    const sdp = parseSdp(new TextDecoder().decode(req.body));
    const offer = sdp ? negotiate(sdp) : null;
    const media = offer ? dialog.session?.reoffer(offer) : null;
    if (!offer || !media) return void this.#respond(req, 488, from);
    dialog.media = media;
    dialog.offer = offer;
    this.#send2xx(dialog, req, dialog.answerSdp(true));
  }

  #onResponse(res: SipResponse): void {
    if (this.#tx.dispatch(res)) return;
    // A 2xx to our INVITE again: the callee did not get our ACK (RFC 3261 §13.2.2.4).
    const dialog = this.#dialogs.get(headerValue(res, "call-id")!);
    if (res.status >= 200 && res.status < 300 && dialog?.ack) {
      this.#socket.send(dialog.ack, dialog.nextHop());
    }
  }

  // The client side of a call we place (sip_uac.ts) reaches the transport through these.

  /** @internal Sends raw bytes on the SIP socket, in order. */
  sendBytes(bytes: Uint8Array, to: Remote): void {
    this.#socket.send(bytes, to);
  }

  /** @internal Every response with this branch goes to `handler` until `forget`. */
  expect(branch: string, handler: (res: SipResponse) => void): void {
    this.#tx.expect(branch, handler);
  }

  /** @internal */
  forget(branch: string): void {
    this.#tx.forget(branch);
  }

  /** @internal An answered outbound call's dialog: BYE, INFO and re-INVITE find it. */
  adopt(dialog: Dialog): void {
    this.#dialogs.set(dialog.callId, dialog);
    this.stats.calls++;
    this.stats.activeDialogs = this.#dialogs.size;
  }

  get host(): string {
    return this.opts.host;
  }

  #end(dialog: Dialog): void {
    dialog.state = "terminated";
    dialog.clearTimers();
    this.#dialogs.delete(dialog.callId);
    this.stats.activeDialogs = this.#dialogs.size;
  }
}
