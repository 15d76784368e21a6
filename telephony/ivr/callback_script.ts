/**
 * 回访 by phone: what the citizen hears when the hotline calls back about a replied case, and
 * the two answers it needs (solved or not; satisfied, basically, not satisfied). Written against
 * `IvrIo` like the menu, so it is tested with scripted keys.
 */
import type { IvrIo } from "./ivr_io.ts";
import type { PathStep } from "./ivr_runner.ts";

export interface CallbackAnswer {
  resolved: boolean;
  satisfaction: "satisfied" | "basic" | "dissatisfied";
}

const SATISFACTION = { "1": "satisfied", "2": "basic", "3": "dissatisfied" } as const;

/** The answers, or null when the citizen did not give them (the call then counts as unreached). */
export async function askCallback(
  io: IvrIo,
  caseNumber: string,
  now: () => number,
  path: PathStep[],
): Promise<CallbackAnswer | null> {
  const started = now();
  const ask = async (node: string, prompt: string, allowed: string): Promise<string | null> => {
    const step: PathStep = { node, kind: "survey", at_ms: now() - started, ms: 0, digits: "" };
    path.push(step);
    let answer: string | null = null;
    for (let attempt = 0; attempt < 2 && answer === null; attempt++) {
      await io.say(prompt, "zh");
      const key = await io.collect({ max: 1, firstMs: 8000 });
      step.digits += key;
      if (key !== "" && allowed.includes(key)) answer = key;
      else io.flush();
    }
    step.ms = now() - started - step.at_ms;
    step.result = answer ?? "no_answer";
    return answer;
  };
  await io.say("您好，这里是一二三四五政务服务便民热线回访。您反映的问题，工单编号", "zh");
  await io.sayDigits(caseNumber, "zh");
  await io.say("已经办结。", "zh");
  const resolved = await ask(
    "callback_resolved",
    "您的问题是否已经解决？已解决请按一，未解决请按二。",
    "12",
  );
  if (resolved === null) return null;
  const satisfaction = await ask(
    "callback_satisfaction",
    "请对办理结果进行评价：满意请按一，基本满意请按二，不满意请按三。",
    "123",
  );
  if (satisfaction === null) return null;
  await io.say("感谢您的评价，再见。", "zh");
  return {
    resolved: resolved === "1",
    satisfaction: SATISFACTION[satisfaction as keyof typeof SATISFACTION],
  };
}
