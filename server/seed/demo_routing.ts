/**
 * The demo city's routing list (派单目录): which department leads each leaf category, the few
 * leaves with their own deadline, and the everyday words citizens use for each: data, like
 * demo_city.ts, plus the one function that seeds it. Emergencies go by priority, not by category.
 */
import { appendEvents } from "../../db/events.ts";
import type { Database } from "../../db/port.ts";
import { audit, SYSTEM_ACTOR } from "../audit/audit.ts";
import { DEMO_CITY } from "./demo_city.ts";

/** The default lead department of each level-1 category. */
const LEVEL1: Record<string, string> = {
  城乡建设: "zjj",
  环境保护: "sthjj",
  交通运输: "jtj",
  劳动和社会保障: "rsj",
  教育文体: "jyj",
  卫生健康: "wjw",
  商贸旅游: "swuj",
  市场监管: "scjgj",
  城市管理: "cgj",
  公共安全: "gaj",
  民政: "mzj",
  住房保障: "zjj",
  农村农业: "nyncj",
  // No development or tax office in the demo city: the commerce bureau takes business matters.
  经济管理: "swuj",
  // What fits nowhere goes to the petitions bureau, which forwards it.
  其他: "xfj",
};

/** Level-2 subtrees that another department leads. */
const LEVEL2: Record<string, string> = {
  医疗保障: "ybj",
  旅游服务: "wglj",
  文化体育: "wglj",
};

interface Leaf {
  keywords: string[];
  /** Another lead than the level-1/level-2 default. */
  department?: string;
  /** Working days when the type's policy does not fit (utilities restore supply within a day). */
  workingDays?: number;
}

/** Every leaf of the demo city by its (unique) name. */
const LEAVES: Record<string, Leaf> = {
  // 城乡建设
  道路破损: { keywords: ["路面", "坑洼", "大坑", "塌陷"] },
  井盖缺失: { keywords: ["井盖", "窨井", "下水井"], workingDays: 1 },
  路灯故障: { keywords: ["路灯", "不亮", "灯坏", "黑灯"] },
  排水不畅: { keywords: ["积水", "下水道", "排水", "内涝"], department: "swj" },
  夜间施工扰民: { keywords: ["施工", "半夜", "噪音", "工地", "夜里"] },
  工地扬尘: { keywords: ["扬尘", "灰尘", "渣土", "工地"] },
  施工安全隐患: { keywords: ["脚手架", "塔吊", "围挡", "安全隐患"] },
  物业服务质量: { keywords: ["物业", "保安", "保洁", "不作为"] },
  物业收费: { keywords: ["物业费", "停车费", "乱收费"] },
  维修资金使用: { keywords: ["维修基金", "维修资金", "大修"] },
  业委会成立: { keywords: ["业委会", "业主委员会", "业主大会"] },
  停水: { keywords: ["停水", "没水", "断水", "水压低"], department: "water", workingDays: 1 },
  燃气故障: { keywords: ["燃气", "煤气", "天然气", "漏气"], department: "gas", workingDays: 0 },
  停电: { keywords: ["停电", "没电", "断电", "跳闸"], department: "power", workingDays: 1 },
  水质问题: { keywords: ["水质", "水发黄", "浑浊", "自来水"], department: "water", workingDays: 2 },
  // 环境保护
  工业废气: { keywords: ["废气", "烟囱", "刺鼻", "化工厂"] },
  餐饮油烟: { keywords: ["油烟", "饭店", "排烟", "烧烤"] },
  露天焚烧: { keywords: ["焚烧", "烧垃圾", "秸秆", "冒黑烟"] },
  社会生活噪声: { keywords: ["广场舞", "音响", "噪音", "太吵"] },
  交通噪声: { keywords: ["鸣笛", "高架", "轰鸣", "车辆噪音"] },
  工业噪声: { keywords: ["工厂噪音", "机器声", "厂房"] },
  河道污染: { keywords: ["河道", "河水", "死鱼", "漂浮物"] },
  企业偷排: { keywords: ["偷排", "排污", "暗管", "废水"] },
  黑臭水体: { keywords: ["黑臭", "臭水沟", "发臭", "水发黑"] },
  // 交通运输
  公交线路调整: { keywords: ["公交线路", "改线", "增开", "末班车"] },
  公交服务态度: { keywords: ["公交司机", "司机态度", "不停站", "甩站"] },
  站点设置: { keywords: ["公交站", "站牌", "站台"] },
  拒载绕路: { keywords: ["拒载", "绕路", "出租车", "不打表"] },
  乱收费: { keywords: ["车费", "多收", "一口价", "议价"] },
  网约车合规: { keywords: ["网约车", "滴滴", "黑车", "顺风车"] },
  信号灯故障: { keywords: ["红绿灯", "信号灯", "红灯"], department: "gaj", workingDays: 2 },
  交通拥堵: { keywords: ["堵车", "拥堵", "塞车", "早高峰"], department: "gaj" },
  停车位不足: { keywords: ["停车难", "车位", "停车场", "没地方停"] },
  交通标志缺失: { keywords: ["标志牌", "标线", "指示牌", "限速牌"] },
  // 劳动和社会保障
  拖欠工资: { keywords: ["欠薪", "工资", "工钱", "讨薪"] },
  劳动合同纠纷: { keywords: ["劳动合同", "辞退", "赔偿金", "试用期"] },
  加班休假: { keywords: ["加班", "加班费", "年假", "调休"] },
  养老保险: { keywords: ["养老保险", "退休金", "养老金", "缴费年限"] },
  失业保险: { keywords: ["失业金", "失业", "领失业"] },
  工伤保险: { keywords: ["工伤", "受伤", "工伤认定"] },
  社保转移接续: { keywords: ["社保转移", "转社保", "异地社保"] },
  就业补贴: { keywords: ["就业补贴", "稳岗", "求职补贴"] },
  职业培训: { keywords: ["技能培训", "职业技能", "技能证书"] },
  创业扶持: { keywords: ["创业", "创业贷款", "担保贷款"] },
  // 教育文体
  入学政策: { keywords: ["入学", "学区", "上学", "划片", "报名"] },
  学校收费: { keywords: ["学费", "资料费", "校服费", "乱收费"] },
  校外培训: { keywords: ["培训班", "补课", "辅导班", "培训机构"] },
  学历认证: { keywords: ["学历", "毕业证", "学位"] },
  职业院校招生: { keywords: ["职校", "技校", "中职", "招生"] },
  公共文化设施: { keywords: ["图书馆", "文化馆", "博物馆"] },
  全民健身场地: { keywords: ["健身器材", "体育场", "球场", "健身"] },
  文化市场管理: { keywords: ["网吧", "歌厅", "ktv", "演出"] },
  // 卫生健康
  看病难: { keywords: ["挂号", "号难挂", "看病", "排队"] },
  医疗纠纷: { keywords: ["医疗事故", "误诊", "手术", "医院赔偿"] },
  医德医风: { keywords: ["医生态度", "红包", "回扣", "护士态度"] },
  疫苗接种: { keywords: ["疫苗", "接种", "打针", "预防针"] },
  传染病防控: { keywords: ["传染病", "发热", "疫情", "隔离"] },
  病媒生物防制: { keywords: ["老鼠", "蟑螂", "蚊子", "灭鼠"] },
  医保报销: { keywords: ["报销", "医保", "起付线", "住院费"] },
  异地就医: { keywords: ["异地", "备案", "外地看病", "转诊"] },
  医保卡办理: { keywords: ["医保卡", "医保码", "参保", "补卡"] },
  // 商贸旅游
  预付卡退费: { keywords: ["预付卡", "充值", "会员卡", "跑路", "退卡"] },
  商场服务: { keywords: ["商场", "超市", "售后", "退换货"] },
  快递服务: { keywords: ["快递", "包裹", "丢件", "快递员"] },
  景区管理: { keywords: ["景区", "门票", "游客", "景点"] },
  导游服务: { keywords: ["导游", "购物团", "强制消费"] },
  旅游合同纠纷: { keywords: ["旅游合同", "旅行社", "跟团", "行程"] },
  // 市场监管
  过期食品: { keywords: ["过期", "保质期", "变质", "发霉"] },
  无证经营: { keywords: ["无证", "营业执照", "黑作坊", "无照"] },
  餐饮卫生: { keywords: ["吃坏肚子", "拉肚子", "苍蝇", "后厨"] },
  食品标签: { keywords: ["标签", "配料表", "生产日期"] },
  产品质量: { keywords: ["质量问题", "假货", "次品", "质量差"] },
  虚假宣传: { keywords: ["虚假宣传", "夸大", "骗人", "广告"] },
  价格欺诈: { keywords: ["标价", "宰客", "涨价", "价格"] },
  网购纠纷: { keywords: ["网购", "网店", "直播带货", "退款", "网上买"] },
  假劣药品: { keywords: ["假药", "药品", "过期药"] },
  医疗器械: { keywords: ["医疗器械", "血压计", "助听器"] },
  药店经营: { keywords: ["药店", "处方药", "药师"] },
  电梯故障: { keywords: ["电梯", "困人", "关人", "停运"], workingDays: 1 },
  锅炉压力容器: { keywords: ["锅炉", "压力容器", "气瓶"] },
  // 城市管理
  占道经营: { keywords: ["摆摊", "占道", "流动摊贩", "小贩"] },
  乱贴乱画: { keywords: ["小广告", "乱贴", "涂鸦", "牛皮癣"] },
  户外广告: { keywords: ["广告牌", "招牌", "灯箱"] },
  垃圾清运: { keywords: ["垃圾", "清运", "垃圾桶", "满了"] },
  公厕管理: { keywords: ["厕所", "公厕", "卫生间"] },
  垃圾分类: { keywords: ["分类", "厨余", "干垃圾", "湿垃圾"] },
  私搭乱建: { keywords: ["违建", "搭建", "私搭", "违章"] },
  违规装修: { keywords: ["装修", "承重墙", "砸墙"] },
  树木修剪: { keywords: ["树枝", "修剪", "大树", "遮挡"] },
  绿地损坏: { keywords: ["绿地", "草坪", "毁绿", "绿化带"] },
  公园管理: { keywords: ["公园", "游乐设施", "广场"] },
  // 公共安全
  治安隐患: { keywords: ["治安", "小偷", "打架", "可疑"] },
  噪音扰民报警: { keywords: ["扰民", "吵闹", "喧哗", "噪音"] },
  电信诈骗: { keywords: ["诈骗", "骗子", "被骗", "转账"] },
  消防通道堵塞: { keywords: ["消防通道", "堵占", "占用通道"], workingDays: 1 },
  消防设施损坏: { keywords: ["灭火器", "消防栓", "消火栓", "烟感"] },
  电动车违规充电: { keywords: ["电动车", "充电", "飞线", "楼道"] },
  户口迁移: { keywords: ["户口", "落户", "迁户", "户籍"] },
  身份证办理: { keywords: ["身份证", "补办", "换证"] },
  出入境证件: { keywords: ["护照", "港澳通行证", "签注", "出国"] },
  // 民政
  最低生活保障: { keywords: ["低保", "生活困难"] },
  临时救助: { keywords: ["临时救助", "急难", "救助"] },
  特困供养: { keywords: ["特困", "五保", "孤寡"] },
  养老机构: { keywords: ["养老院", "敬老院", "护理院"] },
  居家养老: { keywords: ["居家养老", "助餐", "老年食堂", "上门服务"] },
  高龄津贴: { keywords: ["高龄", "津贴", "老年补贴"] },
  婚姻登记: { keywords: ["结婚", "离婚", "结婚证"] },
  殡葬服务: { keywords: ["殡仪馆", "墓地", "骨灰", "丧葬"] },
  // 住房保障
  公租房申请: { keywords: ["公租房", "廉租房"] },
  保障房分配: { keywords: ["保障房", "摇号", "分房"] },
  租赁补贴: { keywords: ["租房补贴", "住房补贴"] },
  商品房交付: { keywords: ["交房", "延期交房", "开发商", "烂尾"] },
  房屋质量: { keywords: ["漏水", "开裂", "渗水", "墙皮"] },
  不动产登记: { keywords: ["房产证", "不动产证", "过户", "产权"], department: "zrzyj" },
  租赁纠纷: { keywords: ["房东", "押金", "租房", "租客"] },
  中介服务: { keywords: ["中介", "中介费", "黑中介"] },
  // 农村农业
  农资质量: { keywords: ["化肥", "农药", "种子"] },
  农业补贴: { keywords: ["种粮补贴", "农机补贴"] },
  动物防疫: { keywords: ["死猪", "禽流感", "畜禽", "防疫"] },
  土地承包: { keywords: ["承包地", "土地流转", "承包"] },
  宅基地: { keywords: ["宅基地", "建房", "盖房"] },
  村务公开: { keywords: ["村务", "村委会", "村干部", "账目"] },
  // 经济管理
  营商环境: { keywords: ["营商", "刁难", "吃拿卡要"] },
  企业开办: { keywords: ["注册公司", "开公司", "办执照"], department: "scjgj" },
  惠企政策咨询: { keywords: ["惠企", "扶持政策", "企业补贴", "减免"] },
  税费缴纳: { keywords: ["交税", "纳税", "个税", "税费"] },
  发票问题: { keywords: ["发票", "开票"] },
  非法集资: { keywords: ["集资", "高息", "理财", "暴雷"], department: "gaj" },
  // 其他
  办事流程咨询: { keywords: ["怎么办理", "需要什么材料", "流程"] },
  工作人员作风: { keywords: ["态度差", "推诿", "不作为", "工作人员"] },
  热线服务评价: { keywords: ["热线", "接线员", "12345"] },
  表扬感谢: { keywords: ["表扬", "感谢", "锦旗", "点赞"] },
  意见建议: { keywords: ["建议", "意见", "希望"] },
  其他事项: { keywords: [] },
};

export interface DemoRoute {
  /** The leaf's category code. */
  category: string;
  /** Its name, checked at seeding: codes of another city's tree must not be routed by these. */
  name: string;
  department: string;
  working_days: number | null;
  keywords: string[];
}

/** One route per leaf of the demo city, in the tree's order. */
export function demoRoutes(): DemoRoute[] {
  const out: DemoRoute[] = [];
  for (const l1 of DEMO_CITY.categories) {
    for (const l2 of l1.children ?? []) {
      for (const leaf of l2.children ?? []) {
        const spec = LEAVES[leaf.name];
        if (!spec) throw new Error(`demo routing: no route for ${leaf.name}`);
        out.push({
          category: leaf.code,
          name: leaf.name,
          department: spec.department ?? LEVEL2[l2.name] ?? LEVEL1[l1.name],
          working_days: spec.workingDays ?? null,
          keywords: spec.keywords,
        });
      }
    }
  }
  return out;
}

/**
 * Writes the demo routing list once, when the routing list is empty (and the demo city's
 * categories are there: a leaf is routed only when its code and name both match).
 */
export function seedDemoRouting(db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting at once: the second waits here and then finds the list.
    await tx.query("lock table case_routing in exclusive mode");
    const [{ n }] = await tx.query<{ n: number }>("select count(*)::int as n from case_routing");
    if (n > 0) return false;
    const rows = await tx.query<{ category_id: number }>(
      `insert into case_routing (category_id, lead_department_id, working_days, keywords)
       select c.id, d.id, r.working_days, array(select jsonb_array_elements_text(r.keywords))
       from jsonb_to_recordset($1::text::jsonb)
         as r(category text, name text, department text, working_days smallint, keywords jsonb)
       join case_categories c on c.code = r.category and c.name = r.name
       join departments d on d.code = r.department
       returning category_id`,
      [JSON.stringify(demoRoutes())],
    );
    if (rows.length === 0) return false;
    await audit(tx, SYSTEM_ACTOR, {
      action: "routing.seed_demo",
      objectType: "routing",
      after: { routes: rows.length },
    });
    await appendEvents(tx, [{
      topic: "cases",
      type: "routing.changed",
      data: { what: "route", routes: rows.length },
    }]);
    return true;
  });
}
