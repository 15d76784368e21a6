/** Shared by the knowledge-base tests: requests, a new article, a case to answer. */
import { caseNumber } from "../server/cases/case_number.ts";
import type { Session, TestApp } from "./harness.ts";

export const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export async function searchAs(t: TestApp, s: Session, query: string) {
  const res = await t.request(`/api/kb/search?${query}`, {}, s);
  return { status: res.status, body: await res.json() };
}

export const newArticle = {
  kind: "service_guide",
  title: "示范市养犬登记办事指南",
  body:
    "在城区饲养犬只的，应当在取得犬只后30日内到居住地派出所办理养犬登记，携带身份证和犬只免疫证明。",
  keywords: ["养犬登记", "狗证"],
};

let sequence = 4_000_000 + Math.floor(Math.random() * 1_000_000);
export async function insertCase(t: TestApp, department: string): Promise<string> {
  const number = caseNumber(sequence++);
  await t.db.query(
    `insert into cases (case_number, type, channel, content, lead_department_id)
     values ($1, 'consultation', 'phone', '咨询公积金提取', (select id from departments where code = $2))`,
    [number, department],
  );
  return number;
}
