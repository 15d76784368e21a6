/**
 * Demo data for the fictional city 示范市 (all names invented; not real data).
 * Pure data module: no I/O, deterministic output.
 */

import { mulberry32 } from "./prng.ts";

export interface DemoStreet {
  code: string;
  name: string;
}
export interface DemoDistrict {
  code: string;
  name: string;
  streets: DemoStreet[];
}
export interface DemoDepartment {
  code: string;
  name: string;
  kind: "bureau" | "district" | "utility" | "other";
  /** district code, only for kind "district" */
  district?: string;
}
export interface DemoCategory {
  code: string;
  name: string;
  children?: DemoCategory[];
}
export interface DemoSkill {
  code: string;
  name: string;
}
export interface DemoQueue {
  code: string;
  name: string;
  skill: string;
  priority: number;
}
export interface DemoGroup {
  code: string;
  name: string;
}
export interface DemoAgent {
  workNumber: string;
  name: string;
  group: string;
  skills: { skill: string; level: number }[];
}

// ---------------------------------------------------------------- districts
/** [district name, street/town names]; codes are generated: 3901xx / 3901xx0yy */
const DISTRICT_SPEC: [string, string[]][] = [
  ["东城区", ["朝阳门街道", "青石街道", "望湖街道", "紫荆街道"]],
  ["西城区", ["金桥街道", "白塔街道", "枫林街道", "西苑街道", "柳巷街道"]],
  ["南湖区", ["湖滨街道", "南苑街道", "莲花街道", "渔港镇"]],
  ["北山区", ["北山街道", "松岭镇", "石门镇"]],
  ["高新区", ["创新街道", "科苑街道", "云谷街道"]],
  ["经开区", ["开发街道", "兴业街道", "长岭镇", "明珠街道"]],
  ["江北区", ["江北街道", "沙洲街道", "双桥镇", "芦荡镇"]],
  ["临港新区", ["海港街道", "临海街道", "东滩镇", "盐田镇", "新港街道"]],
];

const districts: DemoDistrict[] = DISTRICT_SPEC.map(([name, streets], i) => {
  const code = `3901${String(i + 1).padStart(2, "0")}`;
  return {
    code,
    name,
    streets: streets.map((s, j) => ({
      code: `${code}${String(j + 1).padStart(3, "0")}`,
      name: s,
    })),
  };
});

// -------------------------------------------------------------- departments
const BUREAUS: [string, string][] = [
  ["zjj", "市住房和城乡建设局"],
  ["jtj", "市交通运输局"],
  ["scjgj", "市市场监督管理局"],
  ["sthjj", "市生态环境局"],
  ["rsj", "市人力资源和社会保障局"],
  ["gaj", "市公安局"],
  ["wjw", "市卫生健康委员会"],
  ["jyj", "市教育局"],
  ["cgj", "市城市管理局"],
  ["swj", "市水务局"],
  ["zrzyj", "市自然资源和规划局"],
  ["mzj", "市民政局"],
  ["ybj", "市医疗保障局"],
  ["wglj", "市文化广电旅游局"],
  ["nyncj", "市农业农村局"],
  ["swuj", "市商务局"],
];
const UTILITIES: [string, string][] = [
  ["power", "市供电公司"],
  ["gas", "市燃气集团"],
  ["water", "市自来水公司"],
];

const departments: DemoDepartment[] = [
  ...BUREAUS.map(([code, name]): DemoDepartment => ({ code, name, kind: "bureau" })),
  ...districts.map((d): DemoDepartment => ({
    code: `gov${d.code}`,
    name: `${d.name}人民政府`,
    kind: "district",
    district: d.code,
  })),
  ...UTILITIES.map(([code, name]): DemoDepartment => ({ code, name, kind: "utility" })),
  { code: "xfj", name: "市信访局", kind: "other" },
];

// --------------------------------------------------------------- categories
/** [level-1 name, [level-2 name, level-3 leaf names][]]; codes are generated. */
type CatSpec = [string, [string, string[]][]];
const CATEGORY_SPEC: CatSpec[] = [
  ["城乡建设", [
    ["市政设施", ["道路破损", "井盖缺失", "路灯故障", "排水不畅"]],
    ["建筑施工", ["夜间施工扰民", "工地扬尘", "施工安全隐患"]],
    ["物业管理", ["物业服务质量", "物业收费", "维修资金使用", "业委会成立"]],
    ["供水供气供电", ["停水", "燃气故障", "停电", "水质问题"]],
  ]],
  ["环境保护", [
    ["大气污染", ["工业废气", "餐饮油烟", "露天焚烧"]],
    ["噪声污染", ["社会生活噪声", "交通噪声", "工业噪声"]],
    ["水污染", ["河道污染", "企业偷排", "黑臭水体"]],
  ]],
  ["交通运输", [
    ["公共交通", ["公交线路调整", "公交服务态度", "站点设置"]],
    ["出租车与网约车", ["拒载绕路", "乱收费", "网约车合规"]],
    ["道路交通", ["信号灯故障", "交通拥堵", "停车位不足", "交通标志缺失"]],
  ]],
  ["劳动和社会保障", [
    ["劳动关系", ["拖欠工资", "劳动合同纠纷", "加班休假"]],
    ["社会保险", ["养老保险", "失业保险", "工伤保险", "社保转移接续"]],
    ["就业创业", ["就业补贴", "职业培训", "创业扶持"]],
  ]],
  ["教育文体", [
    ["基础教育", ["入学政策", "学校收费", "校外培训"]],
    ["职业与高等教育", ["学历认证", "职业院校招生"]],
    ["文化体育", ["公共文化设施", "全民健身场地", "文化市场管理"]],
  ]],
  ["卫生健康", [
    ["医疗服务", ["看病难", "医疗纠纷", "医德医风"]],
    ["公共卫生", ["疫苗接种", "传染病防控", "病媒生物防制"]],
    ["医疗保障", ["医保报销", "异地就医", "医保卡办理"]],
  ]],
  ["商贸旅游", [
    ["商业服务", ["预付卡退费", "商场服务", "快递服务"]],
    ["旅游服务", ["景区管理", "导游服务", "旅游合同纠纷"]],
  ]],
  ["市场监管", [
    ["食品安全", ["过期食品", "无证经营", "餐饮卫生", "食品标签"]],
    ["消费维权", ["产品质量", "虚假宣传", "价格欺诈", "网购纠纷"]],
    ["药品监管", ["假劣药品", "医疗器械", "药店经营"]],
    ["特种设备", ["电梯故障", "锅炉压力容器"]],
  ]],
  ["城市管理", [
    ["市容环境", ["占道经营", "乱贴乱画", "户外广告"]],
    ["环境卫生", ["垃圾清运", "公厕管理", "垃圾分类"]],
    ["违章建筑", ["私搭乱建", "违规装修"]],
    ["园林绿化", ["树木修剪", "绿地损坏", "公园管理"]],
  ]],
  ["公共安全", [
    ["治安管理", ["治安隐患", "噪音扰民报警", "电信诈骗"]],
    ["消防安全", ["消防通道堵塞", "消防设施损坏", "电动车违规充电"]],
    ["户政出入境", ["户口迁移", "身份证办理", "出入境证件"]],
  ]],
  ["民政", [
    ["社会救助", ["最低生活保障", "临时救助", "特困供养"]],
    ["养老服务", ["养老机构", "居家养老", "高龄津贴"]],
    ["婚姻殡葬", ["婚姻登记", "殡葬服务"]],
  ]],
  ["住房保障", [
    ["保障性住房", ["公租房申请", "保障房分配", "租赁补贴"]],
    ["房地产市场", ["商品房交付", "房屋质量", "不动产登记"]],
    ["房屋租赁", ["租赁纠纷", "中介服务"]],
  ]],
  ["农村农业", [
    ["农业生产", ["农资质量", "农业补贴", "动物防疫"]],
    ["农村管理", ["土地承包", "宅基地", "村务公开"]],
  ]],
  ["经济管理", [
    ["企业服务", ["营商环境", "企业开办", "惠企政策咨询"]],
    ["财税金融", ["税费缴纳", "发票问题", "非法集资"]],
  ]],
  ["其他", [
    ["政务服务", ["办事流程咨询", "工作人员作风", "热线服务评价"]],
    ["综合类", ["表扬感谢", "意见建议", "其他事项"]],
  ]],
];

const pad2 = (n: number) => String(n).padStart(2, "0");
const categories: DemoCategory[] = CATEGORY_SPEC.map(([name1, subs], i) => {
  const c1 = pad2(i + 1);
  return {
    code: c1,
    name: name1,
    children: subs.map(([name2, leaves], j) => {
      const c2 = c1 + pad2(j + 1);
      return {
        code: c2,
        name: name2,
        children: leaves.map((name3, k) => ({ code: c2 + pad2(k + 1), name: name3 })),
      };
    }),
  };
});

// ------------------------------------------------- skills, queues, groups
const skills: DemoSkill[] = [
  { code: "general", name: "普通话" },
  { code: "business", name: "企业服务" },
  { code: "english", name: "英语" },
  { code: "complaint", name: "投诉" },
];
const queues: DemoQueue[] = [
  { code: "general", name: "普通话综合", skill: "general", priority: 3 },
  { code: "business", name: "企业服务", skill: "business", priority: 5 },
  { code: "english", name: "英语服务", skill: "english", priority: 6 },
  { code: "complaint", name: "投诉专席", skill: "complaint", priority: 8 },
];
const groups: DemoGroup[] = [
  { code: "team1", name: "一班" },
  { code: "team2", name: "二班" },
  { code: "team3", name: "三班" },
  { code: "business", name: "企业服务组" },
  { code: "english", name: "英语组" },
];

export const DEMO_CITY: {
  city: string;
  districts: DemoDistrict[];
  departments: DemoDepartment[];
  categories: DemoCategory[];
  skills: DemoSkill[];
  queues: DemoQueue[];
  groups: DemoGroup[];
} = { city: "示范市", districts, departments, categories, skills, queues, groups };

// ------------------------------------------------------------------ agents
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢";
/** Whole given names (1 or 2 characters) so combinations read naturally. */
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "超",
  "霞",
  "刚",
  "鹏",
  "丹",
  "斌",
  "琳",
  "颖",
  "建国",
  "志远",
  "晓东",
  "海燕",
  "春梅",
  "雪梅",
  "文博",
  "嘉豪",
  "子涵",
  "梓轩",
  "欣怡",
  "思雨",
  "佳琪",
  "浩然",
  "宇航",
  "晓丽",
  "立新",
  "秀英",
  "桂兰",
  "玉华",
  "丽娟",
  "俊杰",
  "明辉",
  "振华",
  "晓燕",
  "婷婷",
  "国强",
  "红梅",
  "家乐",
  "雨萱",
  "一鸣",
  "诗涵",
  "志强",
];

/** Group rotation: per 8 agents, 2 in each team, 1 business, 1 english. */
const GROUP_CYCLE = ["team1", "team2", "team3", "business", "team1", "team2", "team3", "english"];

/** Deterministic demo agents (default 48); work numbers start at "1001". */
export function demoAgents(count = 48): DemoAgent[] {
  const max = [...SURNAMES].length * GIVEN.length;
  if (!Number.isInteger(count) || count < 0 || count > max) {
    throw new RangeError(`demoAgents: count must be an integer in 0..${max}`);
  }
  const rand = mulberry32(12345);
  const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(rand() * xs.length)];
  const level = (min: number) => min + Math.floor(rand() * (6 - min));
  const used = new Set<string>();
  const agents: DemoAgent[] = [];
  for (let i = 0; i < count; i++) {
    let name = "";
    do {
      name = pick(SURNAMES) + pick(GIVEN);
    } while (used.has(name));
    used.add(name);
    const group = GROUP_CYCLE[i % GROUP_CYCLE.length];
    const senior = i % 5 === 0;
    const agentSkills = [{ skill: "general", level: level(senior ? 4 : 1) }];
    if (group === "business" || group === "english") {
      agentSkills.push({ skill: group, level: level(2) });
    }
    if (senior) agentSkills.push({ skill: "complaint", level: level(3) });
    agents.push({ workNumber: String(1001 + i), name, group, skills: agentSkills });
  }
  return agents;
}
