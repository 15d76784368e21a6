/**
 * The fixed sentences of the menu machinery (the tree holds the menu's own words). Quantities
 * are written out in Chinese (the TTS reads Arabic digits in Chinese text as English); case
 * numbers are `{ digits }` parts, played from one cached clip per digit, so a new number never
 * needs a new rendering and every sentence around it stays cached too.
 */
import { numberZh, waitEn, waitZh } from "../tts/say_numbers.ts";
import type { Language } from "../tts/tts.ts";

export type Part = string | { digits: string };
export type Phrase = (lang: Language) => Part[];
const p = (zh: string, en: string): Phrase => (lang) => [lang === "en" ? en : zh];
const parts = (zh: Part[], en: Part[]): Phrase => (lang) => lang === "en" ? en : zh;

export const PHRASES = {
  noInput: p("您没有按键。", "We did not receive your choice."),
  invalid: p("输入有误，请重新选择。", "That is not a valid choice."),
  tooMany: p("输入错误次数过多。", "Too many attempts."),
  recordEmpty: p("没有录到您的声音，请重新录音。", "We did not hear anything. Please try again."),
  recordConfirm: p(
    "确认提交请按一，重新收听请按二，取消请按三。",
    "To submit, press 1. To listen again, press 2. To cancel, press 3.",
  ),
  recordCancelled: p("已取消，录音不会保存。", "Cancelled. The recording was not kept."),
  saveFailed: p(
    "抱歉，系统暂时无法保存，请按零转人工服务。",
    "Sorry, we could not save it. Press 0 for an agent.",
  ),
  badNumber: p(
    "您输入的工单编号有误，请重新输入。",
    "That case number is not valid. Please enter it again.",
  ),
  caseNotFound: p(
    "没有查到与您来电号码对应的这个工单。如需帮助，请按零转人工服务。",
    "We found no such case for your phone number. Press 0 for an agent.",
  ),
  thanksRating: p("感谢您的评价。", "Thank you for your rating."),
  connected: p("正在为您接通话务员。", "Connecting you now."),
  callback: p(
    "当前来电较多，我们将尽快给您回电，感谢您的耐心。",
    "All agents are busy. We will call you back as soon as possible.",
  ),
  holdOffer: p("如需留言，请按一。", "To leave a message instead, press 1."),
  /** After the queue node's `offer_after_s`: a message, a callback, or holding on. */
  longWaitOffer: p(
    "让您久等了。如需留言，请按一；如需我们给您回电，请按二；继续等待请不要挂机。",
    "Sorry for the wait. To leave a message, press 1. To be called back, press 2. Or stay on the line.",
  ),
  /** The same for a caller without a number we could call back (anonymous, a SIP name). */
  longWaitOfferNoCallback: p(
    "让您久等了。如需留言，请按一；继续等待请不要挂机。",
    "Sorry for the wait. To leave a message, press 1. Or stay on the line.",
  ),
  callbackBooked: (n: string): Phrase =>
    parts(
      ["已为您登记回电，工单编号是", { digits: n }, "话务员将尽快给您回电，再见。"],
      ["We will call you back. Your case number is", { digits: n }, "Goodbye."],
    ),
  noMedia: p(
    "话务员已接听，但暂时无法建立通话，请稍后再拨。",
    "An agent answered but the audio could not be connected. Please call again later.",
  ),
  confirmNumber: (n: string): Phrase =>
    parts(
      ["您输入的是", { digits: n }, "确认请按一，重新输入请按二。"],
      ["You entered", { digits: n }, "To confirm, press 1. To enter it again, press 2."],
    ),
  caseStatus: (n: string, status: string, statusEn: string): Phrase =>
    parts(["工单", { digits: n }, `的办理状态为：${status}。`], [
      "Case",
      { digits: n },
      `is ${statusEn}.`,
    ]),
  caseReply: (unit: string, opinion: string): Phrase =>
    p(`${unit}答复如下：${opinion}`, `The reply of ${unit} has been sent to you in writing.`),
  caseRegistered: (n: string, mailbox: boolean): Phrase =>
    parts(
      [
        `${mailbox ? "您的留言已收到，" : "您的诉求已登记，"}工单编号是`,
        { digits: n },
        "重复一遍",
        { digits: n },
        "我们将在二十四小时内处理。",
      ],
      [
        `${
          mailbox ? "Your message was received." : "Your request was registered."
        } Your case number is`,
        { digits: n },
        "Again,",
        { digits: n },
      ],
    ),
  position: (position: number, waitS: number | null): Phrase =>
    p(
      `您前面还有${numberZh(Math.max(0, position - 1))}位，${
        waitS === null ? "" : `预计等待${waitZh(waitS)}，`
      }请耐心等待。`,
      `There ${position - 1 === 1 ? "is" : "are"} ${position - 1} caller${
        position - 1 === 1 ? "" : "s"
      } ahead of you.${waitS === null ? "" : ` The expected wait is ${waitEn(waitS)}.`}`,
    ),
} as const;

/** What a citizen hears about a case (case_public.ts's plain words) in English. */
export const STATUS_EN: Record<string, string> = {
  "已受理": "registered",
  "办理中": "in progress",
  "已答复": "answered",
  "已办结": "closed",
  "已与相同诉求合并办理": "merged with the same request",
};
