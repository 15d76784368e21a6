import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { Department, OrgAdmin } from "../server/org/org_admin.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

const KINDS = {
  bureau: "市级部门",
  district: "区政府",
  utility: "公用企业",
  other: "其他",
} as const;
const departmentFields = {
  name: z.string().trim().min(1, "请填写名称").max(64),
  kind: z.enum(["bureau", "district", "utility", "other"]),
  district_code: z.string().regex(/^(\d{6})?$/, "区划代码为 6 位数字").transform((s) => s || null),
  active: z.literal("on").optional().transform((v) => v === "on"),
};
const DepartmentForm = z.object(departmentFields);
const NewDepartmentForm = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{2,32}$/, "编码为 2–32 位小写字母或数字"),
  ...departmentFields,
});
const GroupForm = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{2,32}$/, "编码为 2–32 位小写字母或数字"),
  name: z.string().trim().min(1, "请填写名称").max(32),
});
const IdParam = z.object({ id: z.string().regex(/^\d{1,9}$/, "无效的部门编号").transform(Number) });

function DepartmentFieldsForm(
  { d, districts }: { d?: Department; districts: { code: string; name: string }[] },
) {
  return (
    <>
      <label for="name">名称</label>
      <input id="name" name="name" value={d?.name ?? ""} required />
      <label for="kind">类别</label>
      <select id="kind" name="kind">
        {Object.entries(KINDS).map(([k, label]) => (
          <option value={k} selected={d?.kind === k}>{label}</option>
        ))}
      </select>
      <label for="district_code">所属区</label>
      <select id="district_code" name="district_code">
        <option value="">（全市）</option>
        {districts.map((x) => (
          <option value={x.code} selected={d?.district_code === x.code}>{x.name}</option>
        ))}
      </select>
      <label for="active">启用</label>
      <input id="active" type="checkbox" name="active" checked={d ? d.active : true} />
    </>
  );
}

export function adminOrgRoutes(d: { db: Database; org: OrgAdmin }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const page = (actor: Actor | null, title: string, body: preact.JSX.Element) =>
    renderPage({ title, actor }, <main class="page">{body}</main>);
  const districts = () =>
    d.db.query<{ code: string; name: string }>(
      "select code, name from districts where level = 'district' order by code",
    );

  app.get("/departments", guard("org.manage"), async (c) => {
    const actor = c.get("actor")!;
    const rows = await d.org.departments();
    return c.html(page(
      actor,
      "部门管理",
      <>
        <h1>部门管理</h1>
        <table class="list">
          <thead>
            <tr>
              <th>编码</th>
              <th>名称</th>
              <th>类别</th>
              <th>所属区</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr>
                <td>{x.code}</td>
                <td>
                  <a href={`/admin/departments/${x.id}`}>{x.name}</a>
                </td>
                <td>{KINDS[x.kind]}</td>
                <td>{x.district_code ?? ""}</td>
                <td>{x.active ? "启用" : "停用"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>新建部门</h2>
        <form method="post" action="/admin/departments" class="form-grid card">
          <CsrfField actor={actor} />
          <label for="code">编码</label>
          <input id="code" name="code" required />
          <DepartmentFieldsForm districts={await districts()} />
          <span />
          <button class="btn" type="submit">创建</button>
        </form>
      </>,
    ));
  });

  app.post("/departments", guard("org.manage"), async (c) => {
    const { code, ...fields } = await formBody(c, NewDepartmentForm, "department form");
    const created = await d.org.createDepartment(
      auditActor(c.get("actor"), c.get("origin")),
      code,
      fields,
    );
    return c.redirect(`/admin/departments/${created.id}`, 303);
  });

  app.get("/departments/:id", guard("org.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "department id");
    const actor = c.get("actor")!;
    const dep = await d.org.department(id);
    const history = await searchAudit(d.db, { object_type: "department", object_id: String(id) }, {
      limit: 50,
      offset: 0,
    });
    return c.html(page(
      actor,
      dep.name,
      <>
        <h1>{dep.name}（{dep.code}）</h1>
        <form method="post" action={`/admin/departments/${id}`} class="form-grid card">
          <CsrfField actor={actor} />
          <DepartmentFieldsForm d={dep} districts={await districts()} />
          <span />
          <button class="btn" type="submit">保存</button>
        </form>
        <ObjectHistory rows={history.rows} />
      </>,
    ));
  });

  app.post("/departments/:id", guard("org.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "department id");
    const fields = await formBody(c, DepartmentForm, "department form");
    await d.org.updateDepartment(auditActor(c.get("actor"), c.get("origin")), id, fields);
    return c.redirect(`/admin/departments/${id}`, 303);
  });

  app.get("/groups", guard("org.manage"), async (c) => {
    const actor = c.get("actor")!;
    const groups = await d.org.groups();
    const history = await searchAudit(d.db, { object_type: "group" }, { limit: 50, offset: 0 });
    return c.html(page(
      actor,
      "班组管理",
      <>
        <h1>班组管理</h1>
        <table class="list">
          <thead>
            <tr>
              <th>编码</th>
              <th>名称</th>
              <th>坐席数</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr>
                <td>{g.code}</td>
                <td>{g.name}</td>
                <td>{g.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>新建或改名（按编码）</h2>
        <form method="post" action="/admin/groups" class="form-grid card">
          <CsrfField actor={actor} />
          <label for="code">编码</label>
          <input id="code" name="code" required />
          <label for="name">名称</label>
          <input id="name" name="name" required />
          <span />
          <button class="btn" type="submit">保存</button>
        </form>
        <ObjectHistory rows={history.rows} />
      </>,
    ));
  });

  app.post("/groups", guard("org.manage"), async (c) => {
    const group = await formBody(c, GroupForm, "group form");
    await d.org.saveGroup(auditActor(c.get("actor"), c.get("origin")), group);
    return c.redirect("/admin/groups", 303);
  });
  return app;
}
