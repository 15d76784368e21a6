/**
 * A queue node: the caller enters the ACD queue, hears the position and expected wait, may leave
 * a message (1) or, after a long wait, ask to be called back (2); an answer connects the caller to
 * the agent. Hanging up while waiting is an abandon, with its position and wait.
 */
import { CallerHungUp } from "./ivr_io.ts";
import type { NodeContext } from "./ivr_context.ts";
import { PHRASES } from "./ivr_phrases.ts";
import { DEFAULT_OFFER_AFTER_S, type IvrNode } from "./ivr_tree.ts";

/** A caller id we can dial back (not "anonymous" or a SIP user name). */
const PHONE = /^\+?[0-9 -]{5,20}$/;

export async function runQueue(
  r: NodeContext,
  node: Extract<IvrNode, { kind: "queue" }>,
): Promise<string | null> {
  const queue = r.lang === "en" && node.queue_en ? node.queue_en : node.queue;
  const id = await r.services.enqueue(queue, r.call.caller);
  r.acdCallId = id;
  r.result(`acd:${id}`);
  const queuedAt = r.services.now();
  // Only a caller with a number can be called back; the rest hear the message option only.
  const canCallBack = PHONE.test(r.call.caller);
  const offerAfterS = node.offer_after_s === undefined ? DEFAULT_OFFER_AFTER_S : node.offer_after_s;
  let offered = false;
  try {
    if (node.say) await whileQueued(r, id, () => r.say(node.say!));
    let announced = -Infinity;
    for (;;) {
      const s = await r.services.queueState(id);
      if (s.state === "connected" || s.state === "held") {
        r.outcome = "agent";
        await talk(r, id);
        return node.after;
      }
      if (s.state === "ended") {
        if (s.answered) {
          r.outcome = "agent"; // answered and over between two looks
          return node.after;
        }
        if (s.endReason === "voicemail") return node.on_voicemail;
        if (s.endReason === "callback") {
          r.outcome = "callback";
          await r.phrase(PHRASES.callback);
          await r.io.hangup();
          return null;
        }
        // Ended by someone else (a supervisor, a failure): nothing more to offer.
        return node.after;
      }
      const now = r.services.now();
      if (
        s.state === "queued" && !offered && offerAfterS !== null &&
        now - queuedAt >= offerAfterS * 1000
      ) {
        // Said once; from then on 2 (a callback) is heard while holding, as 1 always is.
        offered = true;
        r.note(`offered after ${Math.round((now - queuedAt) / 1000)} s`);
        await whileQueued(
          r,
          id,
          () => r.phrase(canCallBack ? PHRASES.longWaitOffer : PHRASES.longWaitOfferNoCallback),
        );
        announced = r.services.now();
        continue;
      }
      if (s.state === "queued" && now - announced >= node.announce_every_s * 1000) {
        announced = now;
        const p = await r.services.queuePosition(id);
        if (p.position !== null) {
          r.note(`position ${p.position}, wait ${p.expectedWaitS ?? "?"} s`);
          await whileQueued(r, id, async () => {
            await r.phrase(PHRASES.position(p.position!, p.expectedWaitS));
            await r.phrase(PHRASES.holdOffer);
          });
        }
        continue;
      }
      const key = await r.io.hold(1000);
      if (key === "1") {
        // The caller chose the mailbox over waiting: an abandon, with its position and wait.
        r.addDigits(key);
        await abandon(r, id);
        return node.on_voicemail;
      }
      if (key === "2" && offered && canCallBack) {
        r.addDigits(key);
        const booked = await r.services.requestCallback({
          acdCallId: id,
          queue,
          waitedS: Math.round((r.services.now() - queuedAt) / 1000),
        });
        // An agent answered in that very moment: the caller stays, and the loop connects them.
        if (!booked) continue;
        r.outcome = "callback";
        r.caseNumber = booked.caseNumber;
        r.result(`callback:${booked.caseNumber}`);
        await r.phrase(PHRASES.callbackBooked(booked.caseNumber));
        await r.io.hangup();
        return null;
      }
    }
  } catch (error) {
    // Hanging up while hearing the callback confirmation: the call already left the queue.
    if (r.outcome === "callback") throw error;
    if (error instanceof CallerHungUp && r.outcome !== "agent") {
      r.outcome = "abandoned";
      r.result("abandoned");
      await abandon(r, id);
    } else if (error instanceof CallerHungUp) {
      await r.services.endCall(id).catch((e) => console.error("ivr: ending the call:", e.message));
    }
    throw error;
  }
}

/** An announcement that stops as soon as an agent answers (or the ACD ends the wait). */
async function whileQueued(r: NodeContext, id: number, speak: () => Promise<void>): Promise<void> {
  let looking = false;
  const watch = setInterval(() => {
    if (looking) return;
    looking = true;
    r.services.queueState(id)
      .then((s) => s.state !== "queued" && s.state !== "ringing" && r.io.stopPlayback())
      .catch(() => {})
      .finally(() => looking = false);
  }, 500);
  try {
    await speak();
  } finally {
    clearInterval(watch);
  }
}

async function abandon(r: NodeContext, id: number): Promise<void> {
  await r.services.abandon(id).catch(() => {
    // Already answered or ended: nothing to abandon.
  });
}

/** The conversation with the agent; without a media layer, the wait for the ACD call's end. */
async function talk(r: NodeContext, id: number): Promise<void> {
  if (r.services.connect && await r.services.connect(id)) {
    // The caller may have hung up mid-conversation: the next step finds out.
    return;
  }
  await r.phrase(PHRASES.noMedia);
  for (;;) {
    const s = await r.services.queueState(id);
    if (s.state === "ended") return;
    await r.io.hold(1000);
  }
}
