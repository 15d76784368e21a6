import { CASE_TYPE_NAMES } from "./deadline_rules.ts";

/** Chinese names of what the case pages show: event kinds, types, channels, priorities. */
export const EVENT_NAMES: Record<string, string> = {
  registered: "登记",
  dispatched: "派单",
  rerouted: "改派",
  signed: "签收",
  noted: "提交意见",
  return_requested: "申请退单",
  return_approved: "同意退单",
  return_refused: "不同意退单",
  extension_requested: "申请延期",
  extension_approved: "同意延期",
  extension_refused: "不同意延期",
  attachment_added: "上传附件",
  replied: "办结回复",
  reply_accepted: "回复审核通过",
  reply_sent_back: "回复退回重办",
  reminded: "催办",
  callback_unreached: "回访未接通",
  closed_unreached: "多次回访未接通，办结",
  reopened: "市民不满意，重新办理",
  closed: "回访办结",
  merged: "并入其他工单",
  merge_received: "并入重复诉求",
  kb_answer_attached: "采用知识库答复",
  phone_callback_requested: "安排电话回访",
  phone_callback_failed: "电话回访未能拨出",
};

export const TYPE_NAMES: Record<string, string> = CASE_TYPE_NAMES;

export const CHANNEL_NAMES: Record<string, string> = {
  phone: "电话",
  web: "网站",
  app: "移动应用",
  voicemail: "语音信箱",
  sms: "短信",
  email: "电子邮件",
  letter: "信件",
  fax: "传真",
};

export const PRIORITY_NAMES: Record<string, string> = {
  normal: "一般",
  urgent: "紧急",
  emergency: "特急",
};

export const SATISFACTION_NAMES: Record<string, string> = {
  satisfied: "满意",
  basic: "基本满意",
  dissatisfied: "不满意",
};

/** The light as a mark and a word, never colour alone. */
export const LIGHT_NAMES: Record<string, string> = {
  green: "● 正常",
  yellow: "▲ 即将到期",
  red: "■ 已超期",
};
