import type { Database } from "../../db/port.ts";
import type { AuditActor } from "../audit/audit.ts";
import { suggestCategories } from "../cases/category_suggest.ts";
import type { CaseService } from "../cases/case_service.ts";
import type { CaseActor } from "../cases/case_tx.ts";
import type { RoutingAdmin } from "../cases/routing_admin.ts";
import { mulberry32 } from "./prng.ts";

/** What citizens of the demo city say (invented), matched to categories by the routing list. */
const COMPLAINTS = [
  "幸福路的路灯不亮好几天了，晚上走路很不安全。",
  "小区旁边工地每天半夜还在施工，噪音太大睡不着觉。",
  "楼下饭店油烟直排，家里窗户都不敢开。",
  "公司拖欠三个月工资不发，老板一直推脱。",
  "我们小区从早上开始停水，也没有提前通知。",
  "菜市场门口占道经营严重，车辆无法通行。",
  "小区电梯经常故障，老人被困过两次。",
  "物业收费上涨没有公示，业主很有意见。",
  "河道里有人偷排污水，发黑发臭。",
  "出租车司机拒载还绕路，态度很差。",
  "路口的信号灯坏了，早高峰特别堵。",
  "垃圾清运不及时，小区门口堆了好几天。",
];
const CONSULTATIONS: [string, string][] = [
  ["请问公积金提取需要准备哪些材料？", "持身份证、银行卡及相关证明材料，可在公积金中心网上办理。"],
  [
    "孩子明年上小学，户口不在本区怎么办入学？",
    "可凭居住证和租赁合同向居住地教育部门申请，按积分入学政策安排。",
  ],
  ["医保异地就医怎么备案？", "可通过国家医保服务平台 App 办理异地就医备案，即时生效。"],
];

const DEMO_ACTOR = (who: string): AuditActor => ({
  actor: who,
  role: "demo",
  ip: null,
  userAgent: "demo seed",
});

/**
 * A few weeks of cases for the demo, made through the real case service with its clock set in
 * the past, so the pages show every status, lights of every colour and reminders. Once, and only
 * when the hotline has no case of its own yet.
 */
export async function seedDemoCases(
  db: Database,
  makeService: (now: () => number) => CaseService,
  routing: RoutingAdmin,
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    "select count(*)::int as n from cases where source = 'hotline'",
  );
  if (n > 0) return 0;
  const random = mulberry32(12345);
  const entries = await routing.suggestEntries();
  const streets = await db.query<{ code: string; district: string; name: string }>(
    "select code, parent_code as district, name from districts where level = 'street' order by code",
  );
  const end = Date.now();
  let now = end - 21 * 86_400_000;
  const cases = makeService(() => now);
  const agent: CaseActor = {
    viewer: { roles: ["agent"], departmentId: null },
    audit: DEMO_ACTOR("demo-1001"),
  };
  let made = 0;
  for (let i = 0; now < end - 3_600_000; i++) {
    now += (6 + random() * 10) * 3_600_000;
    if (i % 5 === 4) {
      const [content, answer] = CONSULTATIONS[i % CONSULTATIONS.length];
      await cases.register(agent, {
        type: "consultation",
        channel: "phone",
        content,
        outcome: "answered",
        answer,
        confidential: false,
        priority: "normal",
        assisting_department_ids: [],
      });
      made++;
      continue;
    }
    const content = COMPLAINTS[i % COMPLAINTS.length];
    const street = streets[Math.floor(random() * streets.length)];
    const [best] = suggestCategories(content, entries, 1);
    if (!best?.lead_department_id) continue;
    const { case_number: num } = await cases.register(agent, {
      type: "complaint",
      channel: i % 3 === 0 ? "web" : "phone",
      content,
      category_id: best.category_id,
      district_code: street?.district ?? null,
      street_code: street?.code ?? null,
      address: street ? `${street.name}${1 + Math.floor(random() * 200)}号附近` : null,
      citizen_phone: `139${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
      outcome: "dispatch",
      confidential: false,
      priority: "normal",
      assisting_department_ids: [],
    });
    made++;
    const dept: CaseActor = {
      viewer: { roles: ["handler"], departmentId: best.lead_department_id },
      audit: DEMO_ACTOR(`demo-${best.department_name}`),
    };
    // Older cases went further: how far is random, so every status shows up.
    const age = (end - now) / 86_400_000;
    const stage = Math.floor(random() * 6 * Math.min(1, age / 10));
    const later = (hours: number) => (now = Math.min(end - 60_000, now + hours * 3_600_000));
    const saved = now;
    if (stage >= 1) await cases.sign(dept, num).then(() => later(4));
    if (stage === 2) {
      await cases.return(dept, num, { reason: "经核查不属于本单位职责，请改派。" });
    }
    if (stage >= 3) {
      await cases.reply(dept, num, {
        investigator: "承办科室",
        investigated_on: new Date(now + 8 * 3_600_000).toISOString().slice(0, 10),
        findings: "经现场核查，市民反映情况属实。",
        legal_basis: "相关法律法规及本市管理规定",
        opinion: "已责令整改，并将持续跟踪。",
        handler: "经办人",
        reviewer: "科长",
        unit: best.department_name ?? "承办单位",
        reply_date: new Date(now + 8 * 3_600_000).toISOString().slice(0, 10),
      }).then(() => later(24));
    }
    if (stage >= 4) await cases.review(agent, num, { review: "accepted" }).then(() => later(24));
    if (stage >= 5) {
      const happy = random() < 0.85;
      await cases.callback(agent, num, {
        reached: true,
        satisfaction: happy ? (random() < 0.7 ? "satisfied" : "basic") : "dissatisfied",
        resolved: happy,
        note: happy ? null : "市民认为问题未彻底解决",
      });
    }
    now = saved;
  }
  return made;
}
