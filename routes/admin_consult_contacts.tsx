import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { searchAudit } from "../server/audit/audit_search.ts";
import { type Actor, auditActor } from "../server/auth/actor.ts";
import { parseOrThrow } from "../server/errors.ts";
import {
  type ConsultContactAdmin,
  type ConsultContactRecord,
  CONTACT_KINDS,
  KIND_NAMES,
} from "../server/org/consult_contacts.ts";
import type { AppEnv } from "./context.ts";
import { formBody } from "./form.ts";
import { guard } from "./guard.ts";
import { CsrfField } from "./nav.tsx";
import { ObjectHistory } from "./object_history.tsx";
import { renderPage } from "./page.tsx";

// The same rules as the table's checks (0014_seat_outbound.sql); spaces and dashes as people
// write numbers ("0571-8888 9999") are dropped before the check.
const ContactForm = z.object({
  name: z.string().trim().min(1, "请填写名称").max(60, "名称最多 60 个字"),
  kind: z.enum(CONTACT_KINDS, "类型须为 部门、值班领导 或 其他"),
  number: z.string().transform((s) => s.replace(/[\s-]/g, "")).pipe(
    z.string().regex(/^\+?[0-9]{3,20}$/, "号码为 3–20 位数字，可以 + 开头"),
  ),
  sort: z.string().trim().regex(/^\d{0,4}$/, "排序为 0–9999 的整数").transform((s) => Number(s)),
});
const ActiveForm = z.object({
  active: z.enum(["true", "false"], "active 须为 true 或 false").transform((v) => v === "true"),
});
const IdParam = z.object({ id: z.string().regex(/^\d{1,9}$/, "无效的编号").transform(Number) });

const PERMISSION = "consult.manage";
const BASE = "/admin/consult-contacts";

/** 三方通话号码: the departments' duty phones and the leader on duty the seat can consult. */
export function adminConsultContactRoutes(
  d: { db: Database; consultContacts: ConsultContactAdmin },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/consult-contacts", guard(PERMISSION), async (c) => {
    const actor = c.get("actor")!;
    const [contacts, history] = await Promise.all([
      d.consultContacts.list(),
      searchAudit(d.db, { action: "consult_contact." }, { limit: 50, offset: 0 }),
    ]);
    return c.html(renderPage(
      { title: "三方通话号码", actor },
      <main class="page">
        <h1>三方通话号码</h1>
        <p class="muted">
          坐席在通话中可一键咨询或三方通话的号码：各部门值班电话和值班领导。值班领导每天更换，请及时修改号码。
          停用的号码不再出现在坐席上；已拨打过的号码只能停用，不能删除。
        </p>
        <section class="card">
          {contacts.length === 0
            ? <p class="muted">尚未登记号码</p>
            : <ContactTable actor={actor} contacts={contacts} />}
        </section>
        <h2>新增号码</h2>
        <ContactFormCard actor={actor} action={BASE} />
        <ObjectHistory rows={history.rows} />
      </main>,
    ));
  });

  app.get("/consult-contacts/:id", guard(PERMISSION), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "contact id");
    const actor = c.get("actor")!;
    const [contact, history] = await Promise.all([
      d.consultContacts.get(id),
      searchAudit(d.db, { object_type: "consult_contact", object_id: String(id) }, {
        limit: 50,
        offset: 0,
      }),
    ]);
    return c.html(renderPage(
      { title: contact.name, actor },
      <main class="page">
        <p>
          <a href={BASE}>← 三方通话号码</a>
        </p>
        <h1>{contact.name}（{contact.active ? "启用" : "已停用"}）</h1>
        <ContactFormCard actor={actor} action={`${BASE}/${id}`} contact={contact} />
        <ObjectHistory rows={history.rows} />
      </main>,
    ));
  });

  app.post("/consult-contacts", guard(PERMISSION), async (c) => {
    const f = await formBody(c, ContactForm, "contact form");
    const created = await d.consultContacts.create(auditActor(c.get("actor"), c.get("origin")), f);
    return c.redirect(`${BASE}#c${created.id}`, 303);
  });

  app.post("/consult-contacts/:id", guard(PERMISSION), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "contact id");
    const f = await formBody(c, ContactForm, "contact form");
    await d.consultContacts.update(auditActor(c.get("actor"), c.get("origin")), id, f);
    return c.redirect(`${BASE}#c${id}`, 303);
  });

  app.post("/consult-contacts/:id/active", guard(PERMISSION), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "contact id");
    const { active } = await formBody(c, ActiveForm, "contact state");
    await d.consultContacts.setActive(auditActor(c.get("actor"), c.get("origin")), id, active);
    return c.redirect(`${BASE}#c${id}`, 303);
  });

  app.post("/consult-contacts/:id/remove", guard(PERMISSION), async (c) => {
    const { id } = parseOrThrow(IdParam, c.req.param(), "contact id");
    await d.consultContacts.remove(auditActor(c.get("actor"), c.get("origin")), id);
    return c.redirect(BASE, 303);
  });
  return app;
}

function ContactTable({ actor, contacts }: { actor: Actor; contacts: ConsultContactRecord[] }) {
  return (
    <table class="list" data-testid="consult-contacts">
      <thead>
        <tr>
          <th>名称</th>
          <th>类型</th>
          <th>号码</th>
          <th>排序</th>
          <th>状态</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {contacts.map((x) => (
          <tr key={x.id} id={`c${x.id}`} class={x.active ? "" : "muted"}>
            <td>
              <a href={`${BASE}/${x.id}`}>{x.name}</a>
            </td>
            <td>{KIND_NAMES[x.kind]}</td>
            <td>{x.number}</td>
            <td>{x.sort}</td>
            <td>{x.active ? "启用" : "停用"}</td>
            <td>
              <form method="post" action={`${BASE}/${x.id}/active`} class="inline">
                <CsrfField actor={actor} />
                <input type="hidden" name="active" value={x.active ? "false" : "true"} />
                <button type="submit">{x.active ? "停用" : "启用"}</button>
              </form>
              {x.used === 0 && (
                <form method="post" action={`${BASE}/${x.id}/remove`} class="inline">
                  <CsrfField actor={actor} />
                  <button type="submit">删除</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContactFormCard(
  { actor, action, contact }: { actor: Actor; action: string; contact?: ConsultContactRecord },
) {
  return (
    <form method="post" action={action} class="form-grid card">
      <CsrfField actor={actor} />
      <label for="name">名称</label>
      <input
        id="name"
        name="name"
        value={contact?.name ?? ""}
        maxLength={60}
        placeholder="如：市住建局值班室、值班领导"
        required
      />
      <label for="kind">类型</label>
      <select id="kind" name="kind">
        {CONTACT_KINDS.map((k) => (
          <option key={k} value={k} selected={contact?.kind === k}>{KIND_NAMES[k]}</option>
        ))}
      </select>
      <label for="number">号码</label>
      <input
        id="number"
        name="number"
        value={contact?.number ?? ""}
        inputMode="tel"
        placeholder="如：057188889999"
        required
      />
      <label for="sort">排序（小的在前）</label>
      <input id="sort" name="sort" type="number" min={0} max={9999} value={contact?.sort ?? 0} />
      <span />
      <button class="btn" type="submit">{contact ? "保存" : "新增"}</button>
    </form>
  );
}
