/**
 * The menu of the original system design (shared docs/domain.md, IVR tree) for the number
 * 12345: 1 a person, 2 self service (1 mayor's mailbox, 2 recorded complaint, 3 case query,
 * 4 consultation, 5 survey); 0 a person from anywhere; 9 English. Stored as version 1 the first
 * time the edge starts; admins edit copies of it.
 */
import type { IvrTree } from "./ivr_tree.ts";

export const DEFAULT_TREE: IvrTree = {
  name: "12345 主菜单",
  start: "hours",
  zero: "to_person",
  nodes: {
    hours: {
      kind: "branch",
      rules: [{ from: "08:00", to: "22:00", next: "main" }],
      else: "night",
    },
    night: {
      kind: "prompt",
      say: {
        zh: "现在是夜间服务时间，人工坐席较少，等待时间可能较长。",
        en: "It is night service time. Fewer agents are on duty.",
      },
      next: "main",
    },
    main: {
      kind: "menu",
      say: {
        zh:
          "您好，欢迎致电一二三四五政务服务便民热线。人工服务请按一，自助服务请按二。For English, press 9.",
        en:
          "Welcome to the one two three four five hotline. For an agent, press 1. For self service, press 2. 中文服务请按9。",
      },
      options: {
        "1": "to_person",
        "2": "self_service",
        "9": { next: "main", lang: "en" },
      },
      timeout_s: 6,
      retries: 2,
      on_fail: "to_person",
    },
    self_service: {
      kind: "menu",
      say: {
        zh:
          "市长信箱留言请按一，录音投诉举报请按二，工单办理进度查询请按三，政策咨询请按四，意见调查请按五，返回上一级请按星号键，人工服务请按零。",
        en:
          "To leave a message for the mayor, press 1. To record a complaint, press 2. To check a case, press 3. For information, press 4. For our survey, press 5. To go back, press star. For an agent, press 0.",
      },
      options: {
        "1": "mailbox",
        "2": "complaint",
        "3": "query",
        "4": "consult",
        "5": "opinion",
        "*": "main",
      },
      timeout_s: 6,
      retries: 2,
      on_fail: "main",
    },
    mailbox: {
      kind: "record",
      purpose: "mailbox",
      case_type: "suggestion",
      say: {
        zh: "这里是市长信箱。请在提示音后留言，说完请按井号键。",
        en:
          "This is the mayor's mailbox. Please leave your message after the tone and press the pound key.",
      },
      max_s: 120,
      confirm: false,
      next: "bye",
    },
    complaint: {
      kind: "record",
      purpose: "complaint",
      case_type: "complaint",
      say: {
        zh: "请在提示音后说明您的姓名、单位、反映的事项和联系方式，说完请按井号键。",
        en:
          "After the tone, please give your name, organisation, the matter and how to reach you, then press the pound key.",
      },
      max_s: 180,
      confirm: true,
      next: "bye",
    },
    query: {
      kind: "case_query",
      say: {
        zh: "请输入八位工单编号，以井号键结束。",
        en: "Please enter the eight digit case number, then press the pound key.",
      },
      next: "self_service",
    },
    consult: {
      kind: "menu",
      say: {
        zh: "政策法规请按一，城市指南请按二，办事指南请按三，返回上一级请按星号键。",
        en:
          "For policies, press 1. For the city guide, press 2. For service guides, press 3. To go back, press star.",
      },
      options: {
        "1": "consult_policy",
        "2": "consult_city",
        "3": "consult_service",
        "*": "self_service",
      },
      timeout_s: 6,
      retries: 1,
      on_fail: "self_service",
    },
    consult_policy: {
      kind: "prompt",
      say: {
        zh: "最新政策法规请访问市政府门户网站政策文件栏目，或按零由话务员为您解答。",
        en:
          "For current policies, please visit the city government website, or press 0 for an agent.",
      },
      next: "consult",
    },
    consult_city: {
      kind: "prompt",
      say: {
        zh: "市民服务中心地址为市府大道一号，工作日上午九点至下午五点办公。",
        en:
          "The citizen service centre is at number one, City Hall Avenue, open on working days from nine to five.",
      },
      next: "consult",
    },
    consult_service: {
      kind: "prompt",
      say: {
        zh: "办理户籍、社保、公积金等事项，请携带身份证到市民服务中心相应窗口办理。",
        en:
          "For residence, social insurance and housing fund matters, please bring your identity card to the citizen service centre.",
      },
      next: "consult",
    },
    opinion: {
      kind: "survey",
      survey: "opinion",
      say: {
        zh: "请对一二三四五热线的服务打分，非常满意请按五，非常不满意请按一。",
        en: "Please rate the hotline's service from 1, very poor, to 5, excellent.",
      },
      next: "bye",
    },
    to_person: {
      kind: "queue",
      queue: "general",
      queue_en: "english",
      say: { zh: "正在为您转接人工服务。", en: "Connecting you to an agent." },
      announce_every_s: 45,
      offer_after_s: 90,
      on_voicemail: "mailbox",
      after: "satisfaction",
    },
    satisfaction: {
      kind: "survey",
      survey: "satisfaction",
      say: {
        zh:
          "请对刚才的服务进行评价，非常满意请按五，满意请按四，一般请按三，不满意请按二，非常不满意请按一。",
        en: "Please rate the call you just had, from 5, excellent, to 1, very poor.",
      },
      next: "bye",
    },
    bye: {
      kind: "hangup",
      say: { zh: "感谢您的来电，再见。", en: "Thank you for calling. Goodbye." },
    },
  },
};
