/** Helpers for case tests over the HTTP API. */
import assert from "node:assert/strict";
import type { Session, TestApp } from "./harness.ts";

// deno-lint-ignore no-explicit-any
export type Json = Record<string, any>;

export async function call(
  t: TestApp,
  as: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await t.request(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }, as);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

/** A step that must succeed; returns the case as the API answered. */
export async function ok(
  t: TestApp,
  as: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const r = await call(t, as, method, path, body);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function departmentId(t: TestApp, code: string): Promise<number> {
  const [{ id }] = await t.db.query<{ id: number }>("select id from departments where code = $1", [
    code,
  ]);
  return id;
}

export async function leafCategory(t: TestApp, name: string): Promise<number> {
  const [{ id }] = await t.db.query<{ id: number }>(
    "select id from case_categories where name = $1 and level = 3",
    [name],
  );
  return id;
}

/** An intake dispatched straight to `lead`. */
export const complaint = (
  lead: number,
  phone: string,
  content = "小区门口道路破损严重，雨天积水无法通行。",
) => ({
  type: "complaint",
  channel: "phone",
  content,
  citizen_phone: phone,
  outcome: "dispatch",
  lead_department_id: lead,
});

export const REPLY = {
  investigator: "张工、李工",
  investigated_on: "2026-09-25",
  findings: "经现场核查，该工地夜间施工属实，未办理夜间施工许可。",
  legal_basis: "《中华人民共和国噪声污染防治法》第四十三条",
  opinion: "已责令施工单位停止夜间施工，并处以罚款，今后加强巡查。",
  handler: "张工",
  reviewer: "王科长",
  unit: "市住房和城乡建设局",
  reply_date: "2026-09-26",
};
