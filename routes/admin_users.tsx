import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { ROLE_NAMES, ROLES } from "../server/auth/permissions.ts";
import type { UserAdmin, UserRecord } from "../server/auth/user_admin.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const optionalId = z.string().regex(/^\d*$/, "无效的编号").transform((
  s,
) => (s === "" ? null : Number(s)));
const userFields = {
  name: z.string().trim().min(1, "请填写姓名").max(64),
  group_code: z.string().max(32).transform((s) => s || null),
  department_id: optionalId,
  roles: z.preprocess(asList, z.array(z.enum(ROLES)).min(1, "至少选择一个角色")),
  active: z.literal("on").optional().transform((v) => v === "on"),
};
const handlerNeedsDepartment = (f: { roles: string[]; department_id: number | null }) =>
  !f.roles.includes("handler") || f.department_id !== null;
const HANDLER_RULE = { message: "承办单位角色必须选择承办部门", path: ["department_id"] };
const UserForm = z.object(userFields).refine(handlerNeedsDepartment, HANDLER_RULE);
const NewUserForm = z.object({
  work_number: z.string().trim().regex(/^[0-9A-Za-z_]{2,16}$/, "工号为 2–16 位字母或数字"),
  ...userFields,
}).refine(handlerNeedsDepartment, HANDLER_RULE);
const IdParam = z.object({ id: z.string().regex(/^\d{1,9}$/, "无效的用户编号").transform(Number) });

interface Options {
  groups: { code: string; name: string }[];
  departments: { id: number; name: string }[];
}

function UserFormFields({ user, options }: { user?: UserRecord; options: Options }) {
  return (
    <>
      <label for="name">姓名</label>
      <input id="name" name="name" value={user?.name ?? ""} required />
      <label for="group_code">班组</label>
      <select id="group_code" name="group_code">
        <option value="">（无）</option>
        {options.groups.map((g) => (
          <option value={g.code} selected={user?.group_code === g.code}>{g.name}</option>
        ))}
      </select>
      <label for="department_id">承办部门</label>
      <select id="department_id" name="department_id">
        <option value="">（无，承办单位角色必填）</option>
        {options.departments.map((d) => (
          <option value={d.id} selected={user?.department_id === d.id}>{d.name}</option>
        ))}
      </select>
      <span>角色</span>
      <span>
        {ROLES.map((r) => (
          <label class="tag">
            <input type="checkbox" name="roles" value={r} checked={user?.roles.includes(r)} />{" "}
            {ROLE_NAMES[r]}
          </label>
        ))}
      </span>
      <label for="active">启用</label>
      <input id="active" type="checkbox" name="active" checked={user ? user.active : true} />
    </>
  );
}

function status(u: UserRecord): string {
  if (!u.active) return "停用";
  if (u.locked_until && new Date(u.locked_until) > new Date()) return "锁定";
  return u.must_change_password ? "待改初始密码" : "正常";
}

export function adminUserRoutes(d: { db: Database; users: UserAdmin }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const options = async (): Promise<Options> => ({
    groups: await d.db.query("select code, name from agent_groups order by code"),
    departments: await d.db.query("select id, name from departments where active order by id"),
  });
  const page = (actor: Actor | null, title: string, body: preact.JSX.Element) =>
    renderPage({ title, actor }, <main class="page">{body}</main>);
  const OneTime = ({ user, password }: { user: UserRecord; password: string }) => (
    <section class="card">
      <p class="notice ok">
        用户 {user.work_number}（{user
          .name}）的一次性初始密码如下，只显示这一次，请当面交给本人；首次登录后必须修改。
      </p>
      <p class="secret" data-testid="one-time-password">{password}</p>
      <a href={`/admin/users/${user.id}`}>返回用户</a>
    </section>
  );

  app.get("/", guard("users.manage"), async (c) => {
    const users = await d.users.list();
    return c.html(page(
      c.get("actor"),
      "用户管理",
      <>
        <h1>用户管理</h1>
        <p>
          <a class="btn" href="/admin/users/new">新建用户</a>
        </p>
        <table class="list">
          <thead>
            <tr>
              <th>工号</th>
              <th>姓名</th>
              <th>角色</th>
              <th>班组</th>
              <th>状态</th>
              <th>双因素</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`/admin/users/${u.id}`}>{u.work_number}</a>
                </td>
                <td>{u.name}</td>
                <td>{u.roles.map((r) => ROLE_NAMES[r]).join("、")}</td>
                <td>{u.group_code ?? ""}</td>
                <td>{status(u)}</td>
                <td>{u.totp_enabled ? "已启用" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    ));
  });

  app.get("/new", guard("users.manage"), async (c) => {
    const actor = c.get("actor")!;
    return c.html(page(
      actor,
      "新建用户",
      <>
        <h1>新建用户</h1>
        <form method="post" action="/admin/users" class="form-grid card">
          <CsrfField actor={actor} />
          <label for="work_number">工号</label>
          <input id="work_number" name="work_number" required />
          <UserFormFields options={await options()} />
          <span />
          <button class="btn" type="submit">创建</button>
        </form>
      </>,
    ));
  });

  app.post("/", guard("users.manage"), async (c) => {
    const { work_number, ...fields } = await formBody(c, NewUserForm, "user form");
    const { user, oneTimePassword } = await d.users.create(
      auditActor(c.get("actor"), c.get("origin")),
      work_number,
      fields,
    );
    return c.html(
      page(c.get("actor"), "新建用户", <OneTime user={user} password={oneTimePassword} />),
      201,
    );
  });

  app.get("/:id", guard("users.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "user id");
    const actor = c.get("actor")!;
    const user = await d.users.get(id);
    const history = await searchAudit(d.db, { object_type: "user", object_id: String(id) }, {
      limit: 50,
      offset: 0,
    });
    return c.html(page(
      actor,
      `用户 ${user.work_number}`,
      <>
        <h1>用户 {user.work_number} · {status(user)}</h1>
        <form method="post" action={`/admin/users/${id}`} class="form-grid card">
          <CsrfField actor={actor} />
          <UserFormFields user={user} options={await options()} />
          <span />
          <button class="btn" type="submit">保存</button>
        </form>
        <section class="card">
          <form method="post" action={`/admin/users/${id}/reset-password`} class="inline">
            <CsrfField actor={actor} />
            <button class="btn secondary" type="submit">重置密码</button>
          </form>{" "}
          <form method="post" action={`/admin/users/${id}/unlock`} class="inline">
            <CsrfField actor={actor} />
            <button class="btn secondary" type="submit">解除锁定</button>
          </form>
        </section>
        <ObjectHistory rows={history.rows} />
      </>,
    ));
  });

  app.post("/:id", guard("users.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "user id");
    const fields = await formBody(c, UserForm, "user form");
    await d.users.update(auditActor(c.get("actor"), c.get("origin")), id, fields);
    return c.redirect(`/admin/users/${id}`, 303);
  });

  app.post("/:id/reset-password", guard("users.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "user id");
    const password = await d.users.resetPassword(auditActor(c.get("actor"), c.get("origin")), id);
    return c.html(
      page(
        c.get("actor"),
        "重置密码",
        <OneTime user={await d.users.get(id)} password={password} />,
      ),
    );
  });

  app.post("/:id/unlock", guard("users.manage"), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "user id");
    await d.users.unlock(auditActor(c.get("actor"), c.get("origin")), id);
    return c.redirect(`/admin/users/${id}`, 303);
  });
  return app;
}
