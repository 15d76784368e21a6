import assert from "node:assert/strict";
import { DEMO_CITY } from "../seed/demo_city.ts";
import { demoRoutes } from "../seed/demo_routing.ts";
import { cjkBigrams, suggestCategories, type SuggestEntry } from "./category_suggest.ts";

let nextId = 1;
const entry = (path: string, keywords: string[] = [], department = "市住房和城乡建设局") => ({
  category_id: nextId++,
  path,
  name: path.split(" / ").at(-1)!,
  keywords,
  lead_department_id: 1,
  department_name: department,
});

const STREET_LIGHTS = entry("城乡建设 / 市政设施 / 路灯故障");
const POTHOLES = entry("城乡建设 / 市政设施 / 道路破损", ["坑洼", "路面"]);
const NIGHT_WORKS = entry("城乡建设 / 建筑施工 / 夜间施工扰民", ["施工", "半夜", "噪音", "工地"]);
const NOISE = entry("环境保护 / 噪声污染 / 社会生活噪声", ["广场舞", "噪音"]);
const WATER_QUALITY = entry("城乡建设 / 供水供气供电 / 水质问题", ["自来水"]);
const INVOICES = entry("经济管理 / 财税金融 / 发票问题", ["发票"]);
const SMALL = [STREET_LIGHTS, POTHOLES, NIGHT_WORKS, NOISE, WATER_QUALITY, INVOICES];

Deno.test("cjkBigrams() pairs neighbouring Chinese characters only", () => {
  assert.deepEqual([...cjkBigrams("路灯不亮")], ["路灯", "灯不", "不亮"]);
  assert.deepEqual([...cjkBigrams("12345热线")], ["热线"]);
  assert.deepEqual([...cjkBigrams("灯")], []);
});

Deno.test("suggestCategories() finds 路灯故障 from 路灯不亮 through the shared bigram, without keywords", () => {
  const [best, ...rest] = suggestCategories("我家楼下的路灯不亮好几天了", SMALL);
  assert.equal(best.name, "路灯故障");
  assert.deepEqual(best.matched, ["路灯"]);
  assert.ok(best.score > 0);
  assert.equal(rest.length, 0, "nothing else shares a word with the text");
});

Deno.test("suggestCategories() weighs the leaf's own name over keywords, and longer matches over shorter", () => {
  // 噪音 is a keyword of both; 夜间施工扰民 said in full, plus 工地, puts it far ahead.
  const [first, second] = suggestCategories("反映夜间施工扰民，工地噪音太大", SMALL);
  assert.equal(first.name, "夜间施工扰民");
  assert.deepEqual(first.matched, ["夜间施工扰民", "噪音", "工地"]);
  assert.equal(first.score, 6 * 3 + 2 * 2 + 2 * 2);
  assert.equal(second.name, "社会生活噪声");
  assert.ok(first.score > 2 * second.score);
});

Deno.test("suggestCategories() counts a word inside a longer matched word once", () => {
  const withShort = entry("城乡建设 / 建筑施工 / 工地扬尘", ["扬尘", "工地扬尘"]);
  const [s] = suggestCategories("工地扬尘很严重", [withShort]);
  assert.deepEqual(s.matched, ["工地扬尘"]);
  assert.equal(s.score, 4 * 3, "the leaf name (weight 3) wins over the same words as keywords");
});

Deno.test("suggestCategories() does not suggest on a generic word like 问题 alone", () => {
  assert.deepEqual(suggestCategories("我想咨询一个问题", SMALL), []);
  const [s] = suggestCategories("自来水有问题，颜色发黄", SMALL);
  assert.equal(s.name, "水质问题");
  assert.deepEqual(s.matched, ["自来水"]);
});

Deno.test("suggestCategories() matches a level-2 name more weakly than the leaf", () => {
  const [s] = suggestCategories("市政设施坏了没人管", SMALL);
  assert.ok(["路灯故障", "道路破损"].includes(s.name));
  assert.deepEqual(s.matched, ["市政设施"]);
  assert.equal(s.score, 4);
});

Deno.test("suggestCategories() folds full-width and Latin case, and honours the limit", () => {
  const ktv = entry("教育文体 / 文化体育 / 文化市场管理", ["KTV", "网吧"]);
  assert.equal(suggestCategories("楼下ｋｔｖ通宵营业", [ktv])[0]?.name, "文化市场管理");
  assert.equal(suggestCategories("噪音", SMALL, 1).length, 1);
  assert.deepEqual(suggestCategories("   ", SMALL), []);
  assert.deepEqual(suggestCategories("噪音", SMALL, 0), []);
});

Deno.test("suggestCategories() keeps the routing list's order among equal scores", () => {
  const [a, b] = suggestCategories("噪音", SMALL);
  assert.deepEqual([a.name, b.name], ["夜间施工扰民", "社会生活噪声"]);
  assert.equal(a.score, b.score);
});

/** The demo city's leaves with their demo routes, as RoutingAdmin.suggestEntries() returns them. */
function demoEntries(): SuggestEntry[] {
  const routes = new Map(demoRoutes().map((r) => [r.category, r]));
  const out: SuggestEntry[] = [];
  for (const l1 of DEMO_CITY.categories) {
    for (const l2 of l1.children ?? []) {
      for (const leaf of l2.children ?? []) {
        const r = routes.get(leaf.code)!;
        out.push({
          category_id: Number(leaf.code),
          path: `${l1.name} / ${l2.name} / ${leaf.name}`,
          name: leaf.name,
          keywords: r.keywords,
          lead_department_id: 1,
          department_name: r.department,
        });
      }
    }
  }
  return out;
}

Deno.test("suggestCategories() puts the right demo category first for what citizens say", () => {
  const entries = demoEntries();
  const cases: [string, string][] = [
    ["我们小区门口的路灯不亮了，晚上走路很危险", "路灯故障"],
    ["旁边工地半夜还在施工，吵得睡不着", "夜间施工扰民"],
    ["家里从早上开始就没水了，什么时候恢复", "停水"],
    ["楼道里闻到很大的煤气味，怀疑漏气", "燃气故障"],
    ["楼下饭店的油烟直接排到我家窗户", "餐饮油烟"],
    ["老板已经三个月没发工资了，我们要讨薪", "拖欠工资"],
    ["小区电梯又坏了，有老人被困在里面", "电梯故障"],
    ["健身房老板跑路了，会员卡里还有三千块钱", "预付卡退费"],
    ["出租车司机不打表还故意绕路", "拒载绕路"],
    ["想问一下孩子明年入学要准备什么，学区怎么划的", "入学政策"],
    ["邻居在楼道里给电动车充电，还拉了飞线", "电动车违规充电"],
    ["在网上买的衣服有质量问题，网店不给退款", "网购纠纷"],
    ["想给社区的王医生送面锦旗表扬一下", "表扬感谢"],
  ];
  const wrong = cases
    .map(([text, want]) => [text, want, suggestCategories(text, entries)[0]?.name] as const)
    .filter(([, want, got]) => got !== want);
  assert.deepEqual(wrong, []);
});

Deno.test("suggestCategories() explains itself with the words it found", () => {
  const [s] = suggestCategories("工地半夜还在施工", demoEntries());
  assert.equal(s.name, "夜间施工扰民");
  assert.deepEqual(new Set(s.matched), new Set(["工地", "半夜", "施工"]));
  assert.equal(s.department_name, "zjj");
});
