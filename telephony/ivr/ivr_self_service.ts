/**
 * The self-service nodes: a recorded message or complaint (with confirmation, registered as a
 * case), the case status query by its 8-digit number, and the surveys.
 */
import { isValidCaseNumber } from "../../server/cases/case_number.ts";
import { type NodeContext, ZERO } from "./ivr_context.ts";
import { CallerHungUp, type Recording } from "./ivr_io.ts";
import { PHRASES, STATUS_EN } from "./ivr_phrases.ts";
import type { IvrNode } from "./ivr_tree.ts";

export async function runRecord(
  r: NodeContext,
  node: Extract<IvrNode, { kind: "record" }>,
): Promise<string> {
  let recording: Recording | null = null;
  for (let attempt = 0; attempt < 3 && !recording; attempt++) {
    await r.say(node.say);
    if (r.zeroPressed()) return r.tree.zero;
    r.io.flush();
    await r.io.beep();
    const taken = await r.io.record({ maxMs: node.max_s * 1000, terminator: "#" });
    if (taken.hungUp) {
      // A message left by hanging up counts where no confirmation was asked (the mailbox).
      if (!node.confirm && taken.ms >= 1000) await register(r, node, taken);
      throw new CallerHungUp();
    }
    if (taken.ms >= 1000) recording = taken;
    else await r.phrase(PHRASES.recordEmpty);
  }
  if (!recording) {
    r.result("empty");
    return node.next;
  }
  if (node.confirm) {
    for (let attempt = 0;; attempt++) {
      if (attempt >= 4) {
        r.result("unconfirmed");
        return node.next;
      }
      await r.phrase(PHRASES.recordConfirm);
      const key = await r.collect({ max: 1, firstMs: 8000 });
      if (key === "1") break;
      if (key === ZERO) return r.tree.zero;
      if (key === "2") await r.io.playRecording(recording);
      else if (key === "3") {
        r.result("cancelled");
        await r.phrase(PHRASES.recordCancelled);
        return node.next;
      } else r.io.flush();
    }
  }
  const caseNumber = await register(r, node, recording);
  if (caseNumber) {
    await r.phrase(PHRASES.caseRegistered(caseNumber, node.purpose === "mailbox"));
  } else {
    await r.phrase(PHRASES.saveFailed);
    if (r.zeroPressed()) return r.tree.zero;
  }
  return node.next;
}

async function register(
  r: NodeContext,
  node: Extract<IvrNode, { kind: "record" }>,
  recording: Recording,
) {
  try {
    const { caseNumber } = await r.services.registerRecording({
      caller: r.call.caller,
      purpose: node.purpose,
      caseType: node.case_type,
      recording,
      sipCallId: r.call.sipCallId,
    });
    r.caseNumber = caseNumber;
    r.result(`case:${caseNumber}`);
    return caseNumber;
  } catch (error) {
    console.error("ivr: saving a recording failed:", error);
    r.result("save_failed");
    return null;
  }
}

export async function runCaseQuery(
  r: NodeContext,
  node: Extract<IvrNode, { kind: "case_query" }>,
): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await r.say(node.say);
    // Up to 9 keys: eight digits and # end at once; eight without # end after a pause.
    const typed = await r.collect({
      max: 9,
      terminator: "#",
      firstMs: 10_000,
      interMs: 4000,
    });
    if (typed.includes("*")) return r.tree.zero;
    if (!isValidCaseNumber(typed)) {
      r.io.flush();
      await r.phrase(PHRASES.badNumber);
      continue;
    }
    await r.phrase(PHRASES.confirmNumber(typed));
    const key = await r.collect({ max: 1, firstMs: 8000 });
    if (key === ZERO) return r.tree.zero;
    if (key !== "1") {
      r.io.flush();
      continue;
    }
    const answer = await r.services.caseStatus(typed, r.call.caller);
    if (!answer) {
      r.result("not_found");
      await r.phrase(PHRASES.caseNotFound);
      return r.zeroPressed() ? r.tree.zero : node.next;
    }
    r.result(`found:${typed}`);
    await r.phrase(
      PHRASES.caseStatus(typed, answer.status, STATUS_EN[answer.status] ?? "in progress"),
    );
    if (answer.reply) {
      const opinion = answer.reply.opinion.length > 200
        ? answer.reply.opinion.slice(0, 200) + "……"
        : answer.reply.opinion;
      await r.phrase(PHRASES.caseReply(answer.reply.unit, opinion));
    }
    return r.zeroPressed() ? r.tree.zero : node.next;
  }
  r.result("too_many_attempts");
  await r.phrase(PHRASES.tooMany);
  return node.next;
}

export async function runSurvey(
  r: NodeContext,
  node: Extract<IvrNode, { kind: "survey" }>,
): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    await r.say(node.say);
    const key = await r.collect({ max: 1, firstMs: 8000 });
    if (key === ZERO) return r.tree.zero;
    if (/^[1-5]$/.test(key)) {
      await r.services.saveSurvey({
        survey: node.survey,
        score: Number(key),
        caller: r.call.caller,
        acdCallId: node.survey === "satisfaction" ? r.acdCallId : null,
        sipCallId: r.call.sipCallId,
      });
      r.result(`score:${key}`);
      await r.phrase(PHRASES.thanksRating);
      return node.next;
    }
    r.io.flush();
    if (attempt === 0) await r.phrase(key === "" ? PHRASES.noInput : PHRASES.invalid);
  }
  r.result("no_score");
  return node.next;
}
