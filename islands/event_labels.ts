/** Chinese names of event types and topics for the UI. */
const TYPE_LABELS: Record<string, string> = {
  "call.offered": "来电进入队列",
  "call.answered": "坐席接听",
  "call.ended": "通话结束",
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
