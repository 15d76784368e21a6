import type { Database } from "../../db/port.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import type { KbKind } from "../knowledge/kb_input.ts";
import { KnowledgeService } from "../knowledge/kb_service.ts";

/** One article of the demo city; category and department by name/code, resolved at seed time. */
export interface DemoArticle {
  /** Stable name the search benchmark's labelled queries refer to. */
  key: string;
  kind: KbKind;
  /** A level-3 category name of the demo city (server/seed/demo_city.ts). */
  category?: string;
  department?: string;
  title: string;
  body: string;
  keywords: string[];
  validFrom?: string;
  validTo?: string;
}

const GJJ = "示范市住房公积金管理中心";

/** About 40 articles of 示范市: what agents read to callers. Fictional, modelled on real guides. */
export const DEMO_ARTICLES: DemoArticle[] = [
  // ---------------------------------------------------------------- service guides 办事指南
  {
    key: "gjj_withdraw_purchase",
    kind: "service_guide",
    department: "zjj",
    title: "住房公积金提取（购买自住住房）办事指南",
    body:
      `在本市购买自住住房的职工及其配偶，可在购房合同网签备案或不动产登记之日起两年内申请提取住房公积金。所需材料：身份证、购房合同或不动产权证书、购房发票、本人银行卡。办理渠道：${GJJ}各管理部柜台、“示范公积金”APP、市政务服务网。办理时限：材料齐全的，即时办结，资金3个工作日内到账。提取金额不超过购房总价款扣除首付后的部分。咨询电话12345。`,
    keywords: ["公积金提取", "购房提取", "住房公积金"],
    validFrom: "2025-01-01",
  },
  {
    key: "gjj_withdraw_rent",
    kind: "service_guide",
    category: "租赁补贴",
    department: "zjj",
    title: "住房公积金提取（租房）办事指南",
    body:
      `职工本人及配偶在本市无自有住房且租房居住的，可按月或按年提取住房公积金支付房租。每年提取额度上限为18000元，有租赁备案的按实际租金提取。所需材料：身份证、租赁合同（无备案的可承诺无房）、本人一类银行卡。线上办理：登录“示范公积金”APP选择“租房提取”，按提示签署承诺书即可。同一年度只能选择一种提取方式。`,
    keywords: ["租房提取", "公积金", "房租"],
    validFrom: "2025-01-01",
  },
  {
    key: "gjj_withdraw_retire",
    kind: "service_guide",
    department: "zjj",
    title: "住房公积金销户提取（退休、离职出国、户口迁出）",
    body:
      `职工退休、完全丧失劳动能力并与单位终止劳动关系、出境定居，或与单位解除劳动合同且户口迁出本市的，可申请销户提取住房公积金账户全部余额及利息。需携带身份证、退休证明或解除劳动合同证明、本人银行卡到${GJJ}柜台办理。异地转移的，可在转入地公积金中心申请转移接续，无需回本市办理。`,
    keywords: ["销户提取", "退休提取", "公积金"],
    validFrom: "2025-01-01",
  },
  {
    key: "gjj_loan",
    kind: "service_guide",
    department: "zjj",
    title: "住房公积金个人住房贷款申请",
    body:
      `连续足额缴存住房公积金满6个月的职工，购买本市自住住房可申请公积金贷款。首套房最高贷款额度单人60万元、双职工80万元；二套房首付比例不低于30%。贷款期限最长30年且不超过法定退休年龄后5年。申请材料：身份证、婚姻状况证明、购房合同、首付款凭证、收入证明。申请受理后20个工作日内审批完毕。`,
    keywords: ["公积金贷款", "房贷", "首套房"],
    validFrom: "2025-03-01",
  },
  {
    key: "residence_permit",
    kind: "service_guide",
    category: "身份证办理",
    department: "gaj",
    title: "示范市居住证办理指南",
    body:
      `非本市户籍人员在本市居住满半年，且有合法稳定就业、合法稳定住所或连续就读条件之一的，可申领居住证。先在居住地派出所或“示范警务”小程序办理居住登记，满半年后凭身份证、一寸照片、住所证明（租赁合同或房产证）、就业或就读证明申领。居住证有效期一年，期满前30日内签注续期。持证人可享受子女义务教育、社保、公积金、办理出入境证件等基本公共服务。`,
    keywords: ["居住证", "暂住证", "居住登记"],
    validFrom: "2024-06-01",
  },
  {
    key: "newborn_hukou",
    kind: "service_guide",
    category: "户口迁移",
    department: "gaj",
    title: "新生儿入户（出生登记）办理指南",
    body:
      `婴儿出生后一个月内，由父母或监护人到户籍所在地派出所申报出生登记，随父或随母落户均可。所需材料：《出生医学证明》、父母双方的居民户口簿和居民身份证、结婚证（非婚生育的提供亲子关系说明）。本市已开通“出生一件事”联办：在助产医院或政务服务网一次申请，即可同时办理出生医学证明、户口登记、医保参保和社保卡。超过一个月未申报的仍可补办，不收取费用。`,
    keywords: ["新生儿落户", "出生登记", "上户口", "出生一件事"],
    validFrom: "2024-01-01",
  },
  {
    key: "hukou_move",
    kind: "service_guide",
    category: "户口迁移",
    department: "gaj",
    title: "户口迁入示范市（人才引进、投靠、购房）",
    body:
      `本市实行“准入即落户”：全日制大专以上学历或取得技能人才证书的，凭毕业证或职业资格证书可直接申请落户；在本市合法稳定就业并缴纳社会保险满6个月的，本人及配偶、未成年子女可申请落户；夫妻投靠、父母投靠子女按亲属投靠办理。跨省迁移已实行“一站式”办理，申请人只需到迁入地派出所提交申请，无需回迁出地开具准迁证。`,
    keywords: ["户口迁移", "落户", "人才落户", "投靠"],
    validFrom: "2025-01-01",
  },
  {
    key: "id_card",
    kind: "service_guide",
    category: "身份证办理",
    department: "gaj",
    title: "居民身份证申领、换领、补领",
    body:
      `身份证丢失的，可到全市任一户政窗口或通过“示范警务”小程序挂失并申请补领；有效期满前3个月可申请换领。办理需本人到场采集照片和指纹，费用：申领、换领20元，补领40元。一般7个工作日制证完成，可选择邮寄到家。急需乘车的可在窗口开具临时身份证明。外省户籍居民可在本市异地办理身份证。`,
    keywords: ["身份证补办", "身份证丢失", "换领"],
    validFrom: "2024-01-01",
  },
  {
    key: "passport",
    kind: "service_guide",
    category: "出入境证件",
    department: "gaj",
    title: "普通护照和往来港澳通行证办理",
    body:
      `全国户籍居民可在本市任一出入境接待大厅申请普通护照、往来港澳通行证和往来台湾通行证，实行“全国通办”。携带本人身份证，现场采集照片和指纹。护照工本费120元，7个工作日内签发，可邮寄。港澳再次签注可在自助签注机即时办理。`,
    keywords: ["护照", "港澳通行证", "出入境"],
    validFrom: "2024-01-01",
  },
  {
    key: "social_insurance_transfer",
    kind: "service_guide",
    category: "社保转移接续",
    department: "rsj",
    title: "养老保险关系跨省转移接续",
    body:
      `参保人员跨省流动就业的，基本养老保险关系随本人转移，缴费年限累计计算。办理方式：在新就业地参保缴费后，向新参保地社保经办机构或通过国家社会保险公共服务平台、“掌上12333”APP提出转移申请，无需回原参保地。转出地在15个工作日内办结转出手续，转入地收到资金后15个工作日内办结转入。医保关系转移接续在医疗保障部门办理。`,
    keywords: ["社保转移", "养老保险转移", "跨省转移", "转移接续"],
    validFrom: "2024-01-01",
  },
  {
    key: "unemployment_benefit",
    kind: "service_guide",
    category: "失业保险",
    department: "rsj",
    title: "失业保险金申领",
    body:
      `非本人意愿中断就业、失业前累计缴纳失业保险满一年并已办理失业登记的，可申领失业保险金。领取期限根据缴费年限确定，最长24个月，标准为本市最低工资标准的90%。申领方式：登录市人社局网上办事大厅或“掌上12333”APP，在线提交身份证和解除劳动合同证明，审核通过后按月发放到社保卡金融账户。领取期间同时享受职工医保待遇。`,
    keywords: ["失业金", "失业保险金", "失业登记"],
    validFrom: "2025-01-01",
  },
  {
    key: "social_security_card",
    kind: "service_guide",
    category: "养老保险",
    department: "rsj",
    title: "社会保障卡申领、补换和电子社保卡",
    body:
      `社保卡可在合作银行网点或社保服务大厅申领，即时制卡。丢失的应先通过“掌上12333”、银行客服电话或12345热线办理临时挂失，再到银行网点补卡，补卡费用按银行规定收取。电子社保卡可在微信、支付宝或国家政务服务平台领取，与实体卡同等使用，可用于就医结算和查询参保缴费记录。`,
    keywords: ["社保卡", "社保卡挂失", "电子社保卡"],
    validFrom: "2024-01-01",
  },
  {
    key: "medical_remote",
    kind: "service_guide",
    category: "异地就医",
    department: "ybj",
    title: "异地就医备案和直接结算",
    body:
      `参保人到外省就医前，可通过国家医保服务平台APP、“示范医保”小程序或医保服务窗口办理异地就医备案。异地长期居住人员、常驻异地工作人员备案后在备案地享受与本市同等待遇；临时外出就医人员备案后直接结算，个人自付比例提高10个百分点。未备案在异地就医的，回本市凭票据手工报销，个人自付比例提高20个百分点。`,
    keywords: ["异地就医", "医保备案", "直接结算", "医保报销"],
    validFrom: "2025-01-01",
  },
  {
    key: "medical_insurance_residents",
    kind: "service_guide",
    category: "医保报销",
    department: "ybj",
    title: "城乡居民医疗保险参保缴费",
    body:
      `未参加职工医保的本市户籍居民和持居住证的常住人员，可参加城乡居民医疗保险。每年9月至12月集中缴纳下一年度的保费，2026年度个人缴费标准为每人每年400元，新生儿出生90天内参保的自出生之日起享受待遇。缴费渠道：税务APP、银行网点、“示范医保”小程序。低保对象、特困人员个人缴费部分由政府资助。`,
    keywords: ["居民医保", "医保缴费", "参保"],
    validFrom: "2025-09-01",
    validTo: "2026-12-31",
  },
  {
    key: "school_enrollment",
    kind: "policy",
    category: "入学政策",
    department: "jyj",
    title: "示范市义务教育阶段招生入学政策",
    body:
      `适龄儿童小学入学按“户籍+住房”相对就近原则划片招生：学生与父母（法定监护人）户口在学区内且在学区内有合法住房的为第一顺位，仅有户口或仅有住房的依次排后。每年5月在“示范招生”平台报名，6月公布录取结果。初中按小学对口直升和电脑派位结合招生。孩子上学需提供户口簿、不动产权证书或购房合同、出生医学证明和预防接种证明。`,
    keywords: ["入学", "小学报名", "划片招生", "学区"],
    validFrom: "2026-04-01",
    validTo: "2026-12-31",
  },
  {
    key: "migrant_children_school",
    kind: "policy",
    category: "入学政策",
    department: "jyj",
    title: "随迁子女接受义务教育（积分入学）",
    body:
      `父母一方持有本市有效居住证、在本市合法稳定就业并连续缴纳社会保险满一年的，其随迁子女可申请在本市接受义务教育。按居住证年限、社保缴纳年限和住房情况计算积分，由区教育局统筹安排学位。非本市户口的孩子上学，请在报名期内提交居住证、劳动合同、社保缴费证明和租赁合同或房产证。`,
    keywords: ["随迁子女", "积分入学", "外地户口上学"],
    validFrom: "2026-04-01",
    validTo: "2026-12-31",
  },
  {
    key: "business_registration",
    kind: "service_guide",
    category: "企业开办",
    department: "scjgj",
    title: "企业开办“一网通办”（营业执照、公章、发票、社保登记）",
    body:
      `在示范市开办企业，可通过市政务服务网“企业开办一网通办”专区一次填报，同步办理营业执照、刻制公章、申领发票和税控设备、员工社保登记和住房公积金缴存登记，全程1个工作日内办结，免费刻制首套公章。个体工商户登记可使用“个体户登记”小程序，即时出照。`,
    keywords: ["营业执照", "企业开办", "公司注册", "个体户"],
    validFrom: "2025-01-01",
  },
  {
    key: "prepaid_card_refund",
    kind: "policy",
    category: "预付卡退费",
    department: "swuj",
    title: "单用途预付卡消费纠纷处理和退费",
    body:
      `经营者发行单用途预付卡（健身卡、美容卡、培训课时卡等）须依法备案并存管预收资金。消费者在购卡之日起7日内未消费的，可要求全额退款；经营者停业、搬迁未告知的，消费者可向市商务局或市场监管部门投诉，并可凭购卡合同和付款凭证申请从存管资金中先行赔付。拨打12345反映时请提供店铺名称、地址、卡号和余额。`,
    keywords: ["预付卡", "退费", "健身卡跑路", "办卡"],
    validFrom: "2025-07-01",
  },
  {
    key: "public_rental_housing",
    kind: "service_guide",
    category: "公租房申请",
    department: "zjj",
    title: "公共租赁住房申请条件和流程",
    body:
      `本市城镇中等偏下收入住房困难家庭、新就业无房职工和在本市稳定就业的外来务工人员，可申请公共租赁住房。条件：家庭人均住房面积低于15平方米，人均月收入低于本市上年度人均可支配收入的80%。向户籍或工作所在地街道提交申请，经审核、公示后轮候配租。租金按市场租金的70%确定，低保家庭可申请租金减免。`,
    keywords: ["公租房", "保障房", "租房补贴"],
    validFrom: "2024-01-01",
  },
  {
    key: "real_estate_registration",
    kind: "service_guide",
    category: "不动产登记",
    department: "zrzyj",
    title: "不动产登记（房产证）办理",
    body:
      `新建商品房首次转移登记可由开发企业代办，也可由购房人到不动产登记中心申请。二手房交易“带押过户”：买卖双方携带身份证、原不动产权证书、网签合同和完税凭证到登记中心一窗受理，办理时限5个工作日，登记费80元。遗失不动产权证书的，须在政务服务网发布遗失声明15个工作日后申请补证。`,
    keywords: ["房产证", "不动产权证书", "过户"],
    validFrom: "2024-01-01",
  },
  {
    key: "marriage_registration",
    kind: "service_guide",
    category: "婚姻登记",
    department: "mzj",
    title: "婚姻登记（结婚、离婚）和“跨省通办”",
    body:
      `内地居民结婚登记，双方须亲自到一方户籍所在地或经常居住地的婚姻登记处，携带身份证、户口簿和3张2寸双人近期半身免冠合影照片办理。本市已实行婚姻登记“跨省通办”，一方在本市有居住证的即可在本市登记。可通过“示范民政”小程序预约，每逢520、七夕等日期放号较多。离婚登记实行30日冷静期。`,
    keywords: ["结婚登记", "离婚", "领证"],
    validFrom: "2024-01-01",
  },
  {
    key: "water_power_outage",
    kind: "city_guide",
    category: "停水",
    department: "water",
    title: "停水停电停气信息查询",
    body:
      `计划停水：市自来水公司提前24小时在官网、“示范水务”公众号和小区公告栏发布，抢修停水实时发布。停电查询：登录“网上国网”APP或拨打供电服务热线95598查询计划停电和故障停电。停气查询：关注市燃气集团公众号或拨打燃气服务热线。突发停水停电未见通知的，可拨打12345由热线转相关单位核实恢复时间。`,
    keywords: ["停水", "停电", "停气", "停电查询", "95598"],
    validFrom: "2024-01-01",
  },
  {
    key: "gas_repair",
    kind: "city_guide",
    category: "燃气故障",
    department: "gas",
    title: "燃气泄漏应急和燃气报修",
    body:
      `闻到燃气异味时，请立即关闭燃气总阀，打开门窗通风，不要开关电器、不要使用明火和手机，到室外安全地点拨打市燃气集团24小时抢修电话或119。燃气表故障、燃气灶不出火、燃气缴费异常可通过燃气集团公众号报修，维修人员2小时内上门。燃气管道改造须由燃气公司施工，不得私自改装。`,
    keywords: ["燃气报修", "燃气泄漏", "煤气"],
    validFrom: "2024-01-01",
  },
  {
    key: "water_quality",
    kind: "city_guide",
    category: "水质问题",
    department: "water",
    title: "自来水发黄、水压低怎么办",
    body:
      `停水恢复供水后短时间出现黄水，多为管网冲刷所致，放水几分钟即可恢复。持续浑浊、有异味或水压不足的，请拨打12345或自来水公司客服电话报修，说明小区名称、楼栋和出现时间。高层住户水压低多与小区二次供水设施有关，由物业负责维护，自来水公司提供技术指导。`,
    keywords: ["水质", "黄水", "水压低", "自来水"],
    validFrom: "2024-01-01",
  },
  {
    key: "garbage_sorting",
    kind: "policy",
    category: "垃圾分类",
    department: "cgj",
    title: "示范市生活垃圾分类管理办法（要点）",
    body:
      `本市生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类。厨余垃圾包括剩菜剩饭、果皮、菜叶，应沥干水分、去除包装后投放；有害垃圾包括废电池、废灯管、过期药品；大件垃圾和装修垃圾须预约清运，不得混入生活垃圾。小区实行定时定点投放，早7—9点、晚6—8点。个人未分类投放经劝阻拒不改正的，由城管部门处50元以上200元以下罚款。`,
    keywords: ["垃圾分类", "厨余垃圾", "有害垃圾", "可回收物"],
    validFrom: "2025-05-01",
  },
  {
    key: "bulky_waste",
    kind: "service_guide",
    category: "垃圾清运",
    department: "cgj",
    title: "大件垃圾和装修垃圾预约清运",
    body:
      `家具、床垫、旧家电等大件垃圾和装修垃圾，可通过“示范城管”小程序或小区物业预约清运，收费标准：大件垃圾每件30元起，装修垃圾按车计费。装修垃圾应袋装后堆放在物业指定地点，不得堆放在楼道和绿化带。发现垃圾长时间未清运的，可拨打12345反映。`,
    keywords: ["大件垃圾", "装修垃圾", "清运"],
    validFrom: "2025-01-01",
  },
  {
    key: "ebike_charging",
    kind: "policy",
    category: "电动车违规充电",
    department: "gaj",
    title: "电动自行车停放充电管理规定",
    body:
      `禁止在建筑物的公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或者为其充电；禁止电动自行车“进楼入户”和“飞线充电”。物业服务企业应在小区设置集中停放和充电场所。违反规定的，由消防救援机构责令改正，对个人处警告或500元以下罚款。发现楼道充电、私拉电线的，可拨打12345或119举报。`,
    keywords: ["电动车充电", "飞线充电", "楼道停放"],
    validFrom: "2024-05-01",
  },
  {
    key: "night_construction",
    kind: "policy",
    category: "夜间施工扰民",
    department: "sthjj",
    title: "建筑施工夜间作业和噪声管理",
    body:
      `在噪声敏感建筑物集中区域，禁止夜间22时至次日6时进行产生环境噪声污染的建筑施工作业，因混凝土连续浇筑等生产工艺要求必须连续施工的，须取得夜间施工证明并提前公告附近居民。晚上施工噪音扰民的，可拨打12345反映具体工地名称和位置，由生态环境部门和住建部门依法查处，最高罚款20万元。`,
    keywords: ["夜间施工", "施工噪音", "噪声扰民"],
    validFrom: "2024-01-01",
  },
  {
    key: "minimum_living",
    kind: "policy",
    category: "最低生活保障",
    department: "mzj",
    title: "城乡最低生活保障申请条件",
    body:
      `共同生活的家庭成员人均月收入低于本市低保标准（城乡统一为每人每月1050元），且家庭财产符合规定的，可申请最低生活保障。向户籍所在地街道（乡镇）提出申请，也可在“示范民政”小程序线上申请，持居住证的可在居住地申请。街道在30个工作日内完成审核确认，低保家庭还可享受医疗救助、教育救助和水电气费用减免。`,
    keywords: ["低保", "最低生活保障", "困难救助"],
    validFrom: "2026-01-01",
  },
  {
    key: "elderly_allowance",
    kind: "policy",
    category: "高龄津贴",
    department: "mzj",
    title: "高龄老人津贴",
    body:
      `本市户籍80周岁以上老年人按月发放高龄津贴：80—89周岁每人每月100元，90—99周岁300元，100周岁以上1000元。符合条件的老人由社区主动摸排，无需本人申请，发放到本人社保卡；年满80周岁次月开始发放。老人去世的，家属应在一个月内告知社区停发。`,
    keywords: ["高龄津贴", "老人补贴", "养老"],
    validFrom: "2025-01-01",
  },
  {
    key: "consumer_voucher_2024",
    kind: "policy",
    category: "惠企政策咨询",
    department: "swuj",
    title: "2024年示范市餐饮零售消费券发放活动",
    body:
      `2024年5月至12月分四轮发放餐饮和零售消费券，通过“示范消费”小程序每周五上午10点抢领，满100元减30元，领取后7日内有效。本活动已于2024年12月31日结束。`,
    keywords: ["消费券", "优惠券"],
    validFrom: "2024-05-01",
    validTo: "2024-12-31",
  },
  {
    key: "gjj_withdraw_rent_2023",
    kind: "service_guide",
    category: "租赁补贴",
    department: "zjj",
    title: "住房公积金租房提取（2023年版，已废止）",
    body:
      `职工租房提取住房公积金须提供经备案的租赁合同和租房发票，每年提取额度上限为12000元，每年只能提取一次，须到柜台办理。本规定已被2025年新规替代。`,
    keywords: ["租房提取", "公积金"],
    validFrom: "2023-01-01",
    validTo: "2024-12-31",
  },
  {
    key: "traffic_violation",
    kind: "service_guide",
    category: "交通拥堵",
    department: "gaj",
    title: "交通违法查询和处理",
    body:
      `机动车交通违法记录可通过“交管12123”APP查询和在线处理，本市非现场执法记录一般在违法行为发生后3个工作日内录入。对处罚有异议的，可在“交管12123”提出申诉或到交警大队违法处理窗口申请复核。违章停车被贴条的，应在15日内处理。`,
    keywords: ["违章查询", "交通违法", "12123", "罚单"],
    validFrom: "2024-01-01",
  },
  // ---------------------------------------------------------------- department duties 部门职责
  {
    key: "duty_zjj",
    kind: "department_duty",
    category: "物业服务质量",
    department: "zjj",
    title: "市住房和城乡建设局职责（热线派单参考）",
    body:
      `负责全市房地产市场监管、物业管理行业监管、建筑工程施工安全和质量监管、城市燃气行业管理、住房保障（公租房）和住房公积金政策协调。热线派单：物业服务纠纷、维修资金使用、商品房交付和质量、施工安全隐患派住建局；夜间施工噪声派生态环境局并抄送住建局；小区内道路、绿化由物业负责。`,
    keywords: ["住建局", "职责", "物业监管", "派单"],
    validFrom: "2024-01-01",
  },
  {
    key: "duty_jtj",
    kind: "department_duty",
    category: "公交线路调整",
    department: "jtj",
    title: "市交通运输局职责（热线派单参考）",
    body:
      `负责公交线路规划和调整、出租车和网约车行业管理、道路运输和客运站管理、公路养护。热线派单：公交服务态度、线路和站点调整、出租车拒载绕路、网约车合规派交通局；交通信号灯故障、交通违法、交通拥堵疏导派公安交警；城市道路破损派城市管理局。`,
    keywords: ["交通局", "职责", "公交", "出租车"],
    validFrom: "2024-01-01",
  },
  {
    key: "duty_cgj",
    kind: "department_duty",
    category: "占道经营",
    department: "cgj",
    title: "市城市管理局职责（热线派单参考）",
    body:
      `负责市容环境卫生、生活垃圾分类和清运、城市道路和桥梁等市政设施维护、户外广告、占道经营和违法建设查处、园林绿化养护。热线派单：垃圾清运不及时、公厕管理、占道经营、乱贴乱画、私搭乱建、井盖缺失、路灯故障、树木修剪派城管局；小区内违规装修先由物业劝阻，劝阻无效的派属地街道和城管执法。`,
    keywords: ["城管局", "职责", "城管", "占道经营"],
    validFrom: "2024-01-01",
  },
  {
    key: "duty_scjgj",
    kind: "department_duty",
    category: "产品质量",
    department: "scjgj",
    title: "市市场监督管理局职责（热线派单参考）",
    body:
      `负责市场主体登记注册、食品安全监管、产品质量和特种设备（电梯）安全监管、价格和消费维权、药品零售监管。热线派单：过期食品、无证经营、餐饮卫生、虚假宣传、价格欺诈、网购纠纷、电梯故障、药店经营派市场监管局；预付卡纠纷由商务局牵头、市场监管局协办。`,
    keywords: ["市场监管局", "职责", "消费维权", "食品安全"],
    validFrom: "2024-01-01",
  },
  {
    key: "duty_rsj",
    kind: "department_duty",
    category: "拖欠工资",
    department: "rsj",
    title: "市人力资源和社会保障局职责（热线派单参考）",
    body:
      `负责就业创业、社会保险（养老、失业、工伤）、劳动关系和劳动保障监察、职业技能培训。热线派单：拖欠工资、劳动合同纠纷、加班休假、社保转移接续、失业保险金、就业补贴和职业培训派人社局；医保报销、异地就医派医疗保障局；住房公积金派公积金管理中心（住建局协调）。`,
    keywords: ["人社局", "职责", "劳动保障", "欠薪"],
    validFrom: "2024-01-01",
  },
  // ---------------------------------------------------------------- city guide 城市指南
  {
    key: "citizen_center",
    kind: "city_guide",
    category: "办事流程咨询",
    title: "示范市市民中心（政务服务大厅）地址和办公时间",
    body:
      `市民中心位于南湖区湖滨街道市民大道100号，地铁2号线市民中心站B出口。办公时间：周一至周五上午9:00—12:00、下午13:30—17:00，周六上午9:00—12:00提供公积金、社保、户政、不动产登记“周末不打烊”服务，法定节假日休息（调休上班日正常办公）。可通过“示范政务”小程序提前预约取号。`,
    keywords: ["市民中心", "政务服务大厅", "办公时间", "地址"],
    validFrom: "2024-01-01",
  },
  {
    key: "airport_bus",
    kind: "city_guide",
    category: "公交线路调整",
    department: "jtj",
    title: "示范机场交通：机场大巴、地铁和出租车",
    body:
      `示范机场位于临港新区东滩镇。机场大巴1号线往返市民中心、2号线往返高铁示范东站，首班6:00，末班随末班航班，票价25元。地铁3号线机场站至市中心约40分钟。出租车在到达层3号门排队上车，至市中心约150元。机场问询电话可通过12345转接。`,
    keywords: ["机场大巴", "机场", "地铁3号线"],
    validFrom: "2024-01-01",
  },
  {
    key: "parks_opening",
    kind: "city_guide",
    category: "公园管理",
    department: "cgj",
    title: "市区主要公园开放时间",
    body:
      `南湖公园、北山森林公园、江北湿地公园免费开放。开放时间：夏季（5月至10月）6:00—22:00，冬季（11月至次年4月）6:30—21:00。北山森林公园雨雪天气部分登山步道临时关闭，以公园公告为准。宠物须牵绳，禁止在公园内烧烤、野营。`,
    keywords: ["公园", "开放时间", "南湖公园"],
    validFrom: "2024-01-01",
  },
  {
    key: "vaccination",
    kind: "city_guide",
    category: "疫苗接种",
    department: "wjw",
    title: "儿童预防接种和成人疫苗接种点",
    body:
      `儿童免疫规划疫苗在户籍或居住地社区卫生服务中心预防接种门诊免费接种，新生儿出院后一个月内到居住地接种门诊建立预防接种证。成人流感疫苗、HPV疫苗等非免疫规划疫苗可在“示范健康”小程序预约，自费接种。入托入学时需查验预防接种证。`,
    keywords: ["疫苗", "预防接种", "接种证"],
    validFrom: "2024-01-01",
  },
];

/** The demo articles, once, when the knowledge base is empty (the seed never touches real data). */
export async function seedDemoKnowledge(db: Database): Promise<boolean> {
  return await new KnowledgeService(db).seedIfEmpty(SYSTEM_ACTOR, async (tx) => {
    const categories = new Map(
      (await tx.query<{ id: number; name: string }>(
        "select id, name from case_categories where level = 3",
      )).map((r) => [r.name, r.id]),
    );
    const departments = new Map(
      (await tx.query<{ id: number; code: string }>("select id, code from departments"))
        .map((r) => [r.code, r.id]),
    );
    return DEMO_ARTICLES.map((a) => ({
      kind: a.kind,
      category_id: categories.get(a.category ?? "") ?? null,
      department_id: departments.get(a.department ?? "") ?? null,
      title: a.title,
      body: a.body,
      keywords: a.keywords,
      valid_from: a.validFrom ?? null,
      valid_to: a.validTo ?? null,
    }));
  });
}
