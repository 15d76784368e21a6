/**
 * The knowledge-search benchmark's data: 10,000 generated articles that read like a city's
 * service guides, notices, department duties and city information (seeded: every run the same),
 * and the labelled queries, whose right answers are among the hand-written demo articles.
 */
import type { ArticleInput, KbKind } from "../server/knowledge/kb_input.ts";
import { DEMO_CITY } from "../server/seed/demo_city.ts";
import { mulberry32 } from "../server/seed/prng.ts";

/**
 * What agents type while the caller talks: keywords with spaces, whole questions, colloquial
 * words. `expect` names the demo articles (server/seed/demo_knowledge_articles.ts keys) a good answer
 * list contains; judged by reading the articles, not by running either method.
 */
export const LABELLED_QUERIES: { q: string; expect: string[] }[] = [
  {
    q: "公积金 提取",
    expect: ["gjj_withdraw_purchase", "gjj_withdraw_rent", "gjj_withdraw_retire"],
  },
  { q: "租房提取公积金", expect: ["gjj_withdraw_rent"] },
  { q: "公积金贷款额度", expect: ["gjj_loan"] },
  { q: "孩子上学 户口", expect: ["school_enrollment", "migrant_children_school"] },
  { q: "外地户口孩子怎么上学", expect: ["migrant_children_school"] },
  { q: "怎么办居住证", expect: ["residence_permit"] },
  { q: "居住证续签", expect: ["residence_permit"] },
  { q: "新生儿上户口", expect: ["newborn_hukou"] },
  { q: "宝宝出生登记", expect: ["newborn_hukou"] },
  { q: "社保转移", expect: ["social_insurance_transfer"] },
  { q: "养老保险跨省转移", expect: ["social_insurance_transfer"] },
  { q: "失业金怎么领", expect: ["unemployment_benefit"] },
  { q: "社保卡丢了", expect: ["social_security_card"] },
  { q: "异地就医备案", expect: ["medical_remote"] },
  { q: "医保缴费标准", expect: ["medical_insurance_residents"] },
  { q: "垃圾分类", expect: ["garbage_sorting"] },
  { q: "厨余垃圾怎么扔", expect: ["garbage_sorting"] },
  { q: "装修垃圾 清运", expect: ["bulky_waste"] },
  { q: "停电查询", expect: ["water_power_outage"] },
  { q: "停水 通知", expect: ["water_power_outage"] },
  { q: "燃气泄漏", expect: ["gas_repair"] },
  { q: "自来水发黄", expect: ["water_quality"] },
  { q: "电动车 楼道 充电", expect: ["ebike_charging"] },
  { q: "晚上施工噪音", expect: ["night_construction"] },
  { q: "身份证丢了补办", expect: ["id_card"] },
  { q: "办护照", expect: ["passport"] },
  { q: "营业执照", expect: ["business_registration"] },
  { q: "健身卡 退费", expect: ["prepaid_card_refund"] },
  { q: "公租房申请条件", expect: ["public_rental_housing"] },
  { q: "房产证补办", expect: ["real_estate_registration"] },
  { q: "结婚登记 材料", expect: ["marriage_registration"] },
  { q: "低保 申请", expect: ["minimum_living"] },
  { q: "高龄津贴", expect: ["elderly_allowance"] },
  { q: "违章查询", expect: ["traffic_violation"] },
  { q: "住建局 职责", expect: ["duty_zjj"] },
  { q: "出租车拒载 派哪个部门", expect: ["duty_jtj"] },
  { q: "市民中心 上班时间", expect: ["citizen_center"] },
  { q: "机场大巴", expect: ["airport_bus"] },
  { q: "疫苗接种", expect: ["vaccination"] },
  { q: "公园几点开门", expect: ["parks_opening"] },
  // The intake form searches with what the citizen said.
  {
    q: "你好，我想问一下租房子可以提取住房公积金吗，需要带什么材料",
    expect: ["gjj_withdraw_rent"],
  },
  {
    q: "我家孩子明年上小学，我们是外地户口，在这边有居住证，怎么报名",
    expect: ["migrant_children_school", "school_enrollment"],
  },
  { q: "楼下工地每天晚上十一点还在施工，噪音太大了睡不着", expect: ["night_construction"] },
  { q: "家里突然没电了，也没看到停电通知，什么时候来电", expect: ["water_power_outage"] },
];

interface Topic {
  name: string;
  dept: string;
  nouns: string[];
}

/** Services of a city government, with the words their texts are made of. */
const TOPICS: Topic[] = [
  {
    name: "公积金缴存",
    dept: "住房公积金管理中心",
    nouns: ["缴存基数", "单位缴存", "补缴", "缴存比例"],
  },
  { name: "公积金提取", dept: "住房公积金管理中心", nouns: ["提取额度", "购房", "租房", "销户"] },
  {
    name: "公积金贷款",
    dept: "住房公积金管理中心",
    nouns: ["贷款额度", "还款", "组合贷款", "担保"],
  },
  { name: "居住登记", dept: "公安局", nouns: ["居住证", "居住登记", "签注", "租赁合同"] },
  { name: "户籍办理", dept: "公安局", nouns: ["户口簿", "户口迁移", "分户", "集体户"] },
  { name: "身份证办理", dept: "公安局", nouns: ["身份证", "临时身份证", "挂失", "指纹采集"] },
  { name: "出入境证件", dept: "公安局", nouns: ["护照", "港澳通行证", "签注", "加急"] },
  { name: "机动车登记", dept: "公安局交通警察支队", nouns: ["车牌", "行驶证", "年检", "过户"] },
  { name: "驾驶证业务", dept: "公安局交通警察支队", nouns: ["驾驶证", "换证", "体检", "记分"] },
  {
    name: "养老保险",
    dept: "人力资源和社会保障局",
    nouns: ["缴费年限", "养老金", "退休", "灵活就业"],
  },
  {
    name: "失业保险",
    dept: "人力资源和社会保障局",
    nouns: ["失业登记", "失业保险金", "稳岗返还", "技能补贴"],
  },
  {
    name: "工伤保险",
    dept: "人力资源和社会保障局",
    nouns: ["工伤认定", "劳动能力鉴定", "工伤待遇"],
  },
  {
    name: "就业创业",
    dept: "人力资源和社会保障局",
    nouns: ["创业担保贷款", "就业补贴", "招聘会", "见习"],
  },
  {
    name: "劳动维权",
    dept: "人力资源和社会保障局",
    nouns: ["拖欠工资", "劳动合同", "仲裁", "加班费"],
  },
  { name: "医保报销", dept: "医疗保障局", nouns: ["门诊报销", "住院报销", "起付线", "大病保险"] },
  { name: "医保参保", dept: "医疗保障局", nouns: ["居民医保", "职工医保", "参保登记", "缴费"] },
  { name: "异地就医", dept: "医疗保障局", nouns: ["备案", "直接结算", "转诊", "长期居住"] },
  { name: "义务教育", dept: "教育局", nouns: ["入学报名", "学区", "学位", "转学"] },
  { name: "学前教育", dept: "教育局", nouns: ["幼儿园", "普惠园", "保育费", "报名"] },
  { name: "职业培训", dept: "人力资源和社会保障局", nouns: ["技能证书", "培训补贴", "职业资格"] },
  { name: "低保救助", dept: "民政局", nouns: ["最低生活保障", "临时救助", "特困供养", "家庭收入"] },
  { name: "养老服务", dept: "民政局", nouns: ["养老机构", "居家养老", "助餐", "高龄津贴"] },
  { name: "婚姻登记", dept: "民政局", nouns: ["结婚登记", "离婚登记", "补领结婚证", "预约"] },
  { name: "殡葬服务", dept: "民政局", nouns: ["火化", "公墓", "惠民殡葬", "骨灰"] },
  { name: "公租房", dept: "住房和城乡建设局", nouns: ["公共租赁住房", "轮候", "租金", "配租"] },
  { name: "物业管理", dept: "住房和城乡建设局", nouns: ["物业费", "维修资金", "业主大会", "电梯"] },
  {
    name: "不动产登记",
    dept: "自然资源和规划局",
    nouns: ["不动产权证书", "抵押登记", "过户", "查档"],
  },
  { name: "企业开办", dept: "市场监督管理局", nouns: ["营业执照", "公章", "经营范围", "注册资本"] },
  {
    name: "食品经营许可",
    dept: "市场监督管理局",
    nouns: ["食品经营许可证", "健康证", "餐饮", "现场核查"],
  },
  { name: "消费维权", dept: "市场监督管理局", nouns: ["退货", "假冒伪劣", "价格欺诈", "网购"] },
  { name: "税费缴纳", dept: "税务局", nouns: ["个人所得税", "发票", "汇算清缴", "社保费"] },
  { name: "垃圾分类", dept: "城市管理局", nouns: ["厨余垃圾", "可回收物", "有害垃圾", "投放点"] },
  { name: "市容管理", dept: "城市管理局", nouns: ["占道经营", "户外广告", "门头招牌", "违法建设"] },
  { name: "园林绿化", dept: "城市管理局", nouns: ["树木修剪", "绿地", "古树名木", "公园"] },
  { name: "供水服务", dept: "自来水公司", nouns: ["水费", "水表", "停水", "二次供水"] },
  { name: "供电服务", dept: "供电公司", nouns: ["电费", "停电", "电表", "新装"] },
  { name: "燃气服务", dept: "燃气集团", nouns: ["燃气费", "燃气表", "安检", "开户"] },
  { name: "公交出行", dept: "交通运输局", nouns: ["公交线路", "公交卡", "老年卡", "站点"] },
  { name: "出租车管理", dept: "交通运输局", nouns: ["出租车", "网约车", "计价器", "失物"] },
  { name: "环境保护", dept: "生态环境局", nouns: ["噪声", "油烟", "排污", "环评"] },
  { name: "疫苗接种", dept: "卫生健康委员会", nouns: ["预防接种", "接种证", "门诊", "预约"] },
  { name: "医疗服务", dept: "卫生健康委员会", nouns: ["挂号", "家庭医生", "社区医院", "体检"] },
  { name: "文化旅游", dept: "文化广电旅游局", nouns: ["景区", "图书馆", "博物馆", "门票"] },
  {
    name: "农业补贴",
    dept: "农业农村局",
    nouns: ["耕地地力保护补贴", "农机购置", "种粮", "合作社"],
  },
];

const MATERIALS = [
  "居民身份证",
  "户口簿",
  "申请表",
  "一寸照片",
  "结婚证",
  "劳动合同",
  "营业执照",
  "授权委托书",
  "租赁合同",
  "不动产权证书",
  "银行卡",
  "收入证明",
  "社保缴费证明",
  "出生医学证明",
];
const CHANNELS = [
  "市政务服务网",
  "“示范政务”小程序",
  "区政务服务中心",
  "街道便民服务中心",
  "自助服务终端",
];
const FACILITIES = [
  "便民服务中心",
  "政务服务分中心",
  "社区服务站",
  "图书馆分馆",
  "体育公园",
  "社区卫生服务中心",
];
const NOTICE = ["关于调整", "关于进一步做好", "关于开展", "关于规范"];
const POLICY_TAIL = ["的通知", "的实施意见", "的管理办法", "工作方案"];

/** `n` generated articles, the same for the same seed. */
export function generateArticles(n: number, seed = 20261128): ArticleInput[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], k: number): T[] =>
    [...xs].sort(() => rand() - 0.5).slice(0, k);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const streets = DEMO_CITY.districts.flatMap((d) => d.streets.map((s) => [d.name, s.name]));
  const out: ArticleInput[] = [];
  for (let i = 0; i < n; i++) {
    const t = pick(TOPICS);
    const [district, street] = pick(streets);
    const [noun, noun2] = some(t.nouns, 2);
    const kind: KbKind = pick([
      "service_guide",
      "service_guide",
      "policy",
      "department_duty",
      "city_guide",
    ]);
    const channel = pick(CHANNELS);
    const days = int(1, 20);
    let title: string;
    let body: string;
    if (kind === "service_guide") {
      title = `${district}${street}${t.name}（${noun}）办事指南`;
      body = `办理对象：在${district}居住或工作的市民。办理${noun}需携带${
        some(MATERIALS, int(2, 4)).join("、")
      }，可通过${channel}或${street}便民服务中心窗口申请。承诺时限${days}个工作日，不收取费用。${noun2}相关问题可咨询市${t.dept}，或拨打12345。`;
    } else if (kind === "policy") {
      title = `${pick(NOTICE)}${t.name}${noun}工作${pick(POLICY_TAIL)}（示政发〔${
        int(2019, 2026)
      }〕${int(1, 60)}号）`;
      body = `为规范${t.name}管理，市${t.dept}决定自${int(2023, 2026)}年${
        int(1, 12)
      }月起调整${noun}有关规定：一、适用范围为全市${
        pick(["城镇居民", "参保单位", "经营主体", "在校学生", "老年人"])
      }；二、${noun2}实行${
        pick(["网上办理", "属地管理", "告知承诺", "限时办结"])
      }；三、各区应在${days}个工作日内完成${
        pick(["摸底", "审核", "公示", "核查"])
      }。本办法由市${t.dept}负责解释。`;
    } else if (kind === "department_duty") {
      title = `市${t.dept}${pick(["内设机构", "派单", "受理"])}职责说明（${noun}）`;
      body =
        `市${t.dept}负责${t.name}的政策制定和监督管理，承担${noun}、${noun2}等事项。热线派单时，${district}范围内的${noun}问题由区级${
          t.dept.replace(/^市/, "")
        }承办，跨区事项由市${t.dept}牵头。`;
    } else {
      const facility = pick(FACILITIES);
      title = `${district}${street}${facility}地址和开放时间`;
      body = `${street}${facility}位于${district}${street}${
        pick(["人民路", "解放路", "建设路", "文化路", "新华路"])
      }${int(1, 300)}号，开放时间周一至周五${int(8, 9)}:00至${
        int(17, 18)
      }:00。可办理${t.name}、${noun}等业务，停车位${int(10, 120)}个，公交${int(1, 99)}路可达。`;
    }
    const from = int(2022, 2026);
    out.push({
      kind,
      title,
      body,
      keywords: [t.name, noun],
      category_id: null,
      department_id: null,
      valid_from: `${from}-0${int(1, 9)}-01`,
      // One in ten has run out (the end of a year before this one).
      valid_to: rand() < 0.1 && from < 2026 ? `${int(from, 2025)}-12-31` : null,
    });
  }
  return out;
}
