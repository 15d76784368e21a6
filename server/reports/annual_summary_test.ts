import { expect } from "expect";
import {
  type AnnualInputs,
  countChange,
  draftAnnualSummary,
  rateChange,
} from "./annual_summary.ts";
import type { Compared, SummaryFigures } from "./report_model.ts";

const cmp = (value: number | null, last_year: number | null = null): Compared => ({
  value,
  last_year,
  previous: null,
  yoy: value !== null && last_year ? (value - last_year) / last_year : null,
  mom: null,
});

function figures(over: {
  total?: Compared;
  types?: Record<string, Compared>;
  onTime?: Compared;
  satisfaction?: Compared;
  offered?: Compared;
  answered?: Compared;
  sl?: Compared;
  range?: { from: string; to: string };
} = {}): SummaryFigures {
  return {
    range: over.range ?? { from: "2026-01-01", to: "2026-12-31" },
    last_year: { from: "2025-01-01", to: "2025-12-31" },
    previous: { from: "2025-01-01", to: "2025-12-31" },
    calls: {
      offered: over.offered ?? cmp(0),
      answered: over.answered ?? cmp(0),
      abandoned: cmp(0),
      service_level_15s: over.sl ?? cmp(null),
      aht_s: cmp(null),
    },
    cases: {
      total: over.total ?? cmp(1000, 800),
      by_type: over.types ?? { consultation: cmp(600, 500), complaint: cmp(400, 300) },
      on_time_rate: over.onTime ?? cmp(0.9512, 0.9),
      response_rate: cmp(null),
      resolution_rate: cmp(null),
      satisfaction_rate: over.satisfaction ?? cmp(0.9, 0.92),
    },
  };
}

const draft = (f: SummaryFigures, more: Partial<AnnualInputs> = {}) =>
  draftAnnualSummary({ year: 2026, figures: f, ...more });

Deno.test("draftAnnualSummary() states a rise with one decimal and last year's count", () => {
  const text = draft(figures());
  expect(text).toContain(
    "2026年，12345政务服务便民热线共受理群众诉求1000件，同比上升25.0%（上年同期800件）",
  );
  expect(text).toContain(
    "其中咨询类600件，占60.0%，同比上升20.0%；投诉类400件，占40.0%，同比上升33.3%",
  );
});

Deno.test("draftAnnualSummary() says 下降 for a fall, never a negative rise", () => {
  const text = draft(figures({ total: cmp(750, 1000) }));
  expect(text).toContain("同比下降25.0%（上年同期1000件）");
  expect(text).not.toContain("上升-");
  expect(text).not.toContain("-25");
});

Deno.test("draftAnnualSummary() calls a change that rounds to 0.0% 基本持平", () => {
  expect(countChange(cmp(100_000, 100_040))).toBe("与上年同期基本持平"); // −0.04 %
  expect(countChange(cmp(100_060, 100_000))).toBe("同比上升0.1%"); // +0.06 % rounds up
  expect(draft(figures({ total: cmp(1000, 1000) }))).toContain(
    "共受理群众诉求1000件，与上年同期基本持平",
  );
});

Deno.test("draftAnnualSummary() makes no comparison without last year's data, and says so once", () => {
  const text = draft(figures({
    total: cmp(1000, 0),
    types: { consultation: cmp(1000, null) },
    onTime: cmp(0.95, null),
    satisfaction: cmp(0.9, null),
  }));
  expect(text).toContain("共受理群众诉求1000件。其中咨询类1000件，占100.0%。");
  expect(text).not.toContain("同比上升");
  expect(text).not.toContain("同比下降");
  expect(text).not.toContain("Infinity");
  expect(text).not.toContain("NaN");
  expect(text).toContain("上年同期无可比数据，受理量、按时办结率、满意率不作同比。");
  expect(text.match(/无可比数据/g)?.length).toBe(1);
});

Deno.test("rates compare in percentage points, not as a percentage of a percentage", () => {
  const text = draft(figures());
  expect(text).toContain("按时办结率95.1%，比上年提高5.1个百分点");
  expect(text).toContain("满意率90.0%，比上年降低2.0个百分点");
  expect(rateChange(cmp(0.9, 0.9004))).toBe("与上年持平");
  expect(rateChange(cmp(0.5, null))).toBeNull();
});

Deno.test("draftAnnualSummary() names the year so far for a year not yet over", () => {
  const text = draft(figures({ range: { from: "2026-01-01", to: "2026-11-28" } }));
  expect(text).toContain("2026年1月1日至11月28日，12345政务服务便民热线共受理群众诉求1000件");
});

Deno.test("draftAnnualSummary() covers calls, top categories and the department ranking", () => {
  const text = draft(
    figures({ offered: cmp(20000, 25000), answered: cmp(19000), sl: cmp(0.8765, 0.8) }),
    {
      topCategories: [{ name: "城乡建设", count: 300 }, { name: "交通运输", count: 250 }],
      departments: [
        { name: "市住建局", cases: 400, on_time_rate: 0.99, satisfaction_rate: 0.95 },
        { name: "市交通局", cases: 300, on_time_rate: 0.9, satisfaction_rate: null },
        { name: "市水务局", cases: 0, on_time_rate: null, satisfaction_rate: null },
        { name: "市城管局", cases: 100, on_time_rate: 0.5, satisfaction_rate: 0.6 },
      ],
    },
  );
  expect(text).toContain(
    "热线呼入来电20000次，同比下降20.0%；接通19000次，接通率95.0%；15秒接通率87.7%，比上年提高7.7个百分点",
  );
  expect(text).toContain("前2类依次是城乡建设（300件，占30.0%）、交通运输（250件，占25.0%）");
  expect(text).toContain(
    "承办单位综合排名前3位的是市住建局（400件，按时办结率99.0%，满意率95.0%）",
  );
  expect(text).not.toContain("市水务局");
  expect(text).toContain("（以下请补充");
});

Deno.test("draftAnnualSummary() of an empty year says nothing it cannot back", () => {
  const text = draft(figures({
    total: cmp(0, null),
    types: {},
    onTime: cmp(null),
    satisfaction: cmp(null),
  }));
  expect(text).toContain("共受理群众诉求0件。");
  expect(text).not.toContain("其中");
  expect(text).not.toContain("办理质效");
  expect(text).not.toContain("热线呼入");
});
