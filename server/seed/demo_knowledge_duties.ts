/**
 * The demo city's department-duty (部门职责) and city-guide (城市指南) articles: who answers for
 * what, and everyday facts an agent reads out. Part of DEMO_ARTICLES (demo_knowledge_articles.ts).
 */
import type { DemoArticle } from "./demo_knowledge_articles.ts";

export const DEMO_DUTY_AND_CITY_ARTICLES: DemoArticle[] = [
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
