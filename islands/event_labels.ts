/** Chinese names of event types and topics for the UI. */
const TYPE_LABELS: Record<string, string> = {
  "call.offered": "来电进入队列",
  "call.ringing": "分配坐席振铃",
  "call.answered": "坐席接听",
  "call.held": "通话保持",
  "call.resumed": "恢复通话",
  "call.ended": "通话结束",
  "call.abandoned": "来电放弃",
  "call.requeued": "重新排队",
  "call.overflowed": "溢出转队列",
  "call.transferred": "转接",
  "call.max_wait": "超时转留言/回拨",
  "call.callback_requested": "排队过久，来电请求回拨",
  "call.dialing": "坐席外呼",
  "call.dial_ringing": "外呼对方振铃",
  "call.consult_started": "发起咨询（来电保持）",
  "call.consult_ringing": "咨询对象振铃",
  "call.consult_answered": "咨询对象接通",
  "call.consult_failed": "咨询未接通",
  "call.consult_cancelled": "取消咨询",
  "call.consult_ended": "咨询对象挂机",
  "call.conference_started": "三方通话",
  "call.consult_transferred": "转出至咨询对象",
  "seat.logged_out": "坐席签出",
  "seat.ready": "坐席空闲",
  "seat.reserved": "坐席振铃",
  "seat.on_call": "坐席通话",
  "seat.hold": "坐席保持",
  "seat.wrap_up": "话后处理",
  "seat.not_ready": "坐席示忙",
  "seat.lagged": "坐席异常",
  "seat.skills": "坐席技能变更",
  "system.seeded": "示范数据已创建",
};

const TOPIC_LABELS: Record<string, string> = {
  call: "话务",
  seat: "坐席",
  queue: "队列",
  case: "工单",
  system: "系统",
};

export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;
export const topicLabel = (topic: string) => TOPIC_LABELS[topic] ?? topic;

const QUEUE_LABELS: Record<string, string> = {
  general: "普通话综合",
  business: "企业服务",
  english: "英语服务",
  complaint: "投诉专席",
};

const REASONS: Record<string, string> = {
  completed: "正常结束",
  abandoned: "放弃",
  failed: "失败",
  voicemail: "留言",
  callback: "预约回拨",
  break: "小休",
  meal: "用餐",
  training: "培训",
  meeting: "会议",
  forced: "班长置忙",
  ring_no_answer: "振铃未接",
  agent_not_ready: "坐席示忙",
  other: "其他",
};

/** One line of what the event says, e.g. "普通话综合 · 工号 1007". */
export function eventSummary(data: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof data.queue === "string") parts.push(QUEUE_LABELS[data.queue] ?? data.queue);
  if (typeof data.agent === "string") parts.push(`工号 ${data.agent}`);
  if (typeof data.reason === "string") parts.push(REASONS[data.reason] ?? data.reason);
  if (typeof data.city === "string") parts.push(data.city);
  return parts.join(" · ");
}
