import { formatDateTime } from "../islands/format.ts";
import type { Actor } from "../server/auth/actor.ts";
import { KB_KINDS, type KbKind, KIND_NAMES } from "../server/knowledge/kb_input.ts";
import type { SearchHit } from "../server/knowledge/kb_service.ts";
import type { ArticleRow, FormOptions, VersionRow } from "../server/knowledge/kb_store.ts";
import type { SnippetPart } from "../server/knowledge/ranking.ts";
import { CsrfField } from "./nav.tsx";

const FIELD_NAMES: Record<string, string> = {
  kind: "类型",
  title: "标题",
  body: "正文",
  keywords: "关键词",
  category_id: "分类",
  department_id: "部门",
  valid_from: "生效日期",
  valid_to: "失效日期",
  status: "状态",
};

export function validity(a: { valid_from: string | null; valid_to: string | null }): string {
  if (!a.valid_from && !a.valid_to) return "长期有效";
  return `${a.valid_from ?? "—"} 至 ${a.valid_to ?? "长期"}`;
}

function Snippet({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((p, i) => p.hit ? <mark key={i}>{p.text}</mark> : p.text)}</>;
}

function StateTags({ hit }: { hit: { status: string; expired: boolean } }) {
  if (hit.status === "retired") return <span class="tag bad">已停用</span>;
  return hit.expired ? <span class="tag bad">不在有效期</span> : null;
}

export function SearchPage(
  { q, kind, includeExpired, editor, hits }: {
    q: string;
    kind?: KbKind;
    includeExpired: boolean;
    editor: boolean;
    hits: SearchHit[];
  },
) {
  return (
    <main class="page">
      <h1>知识库</h1>
      <form method="get" action="/kb" class="card" role="search">
        <input
          name="q"
          value={q}
          placeholder="输入关键词，如：公积金 提取"
          aria-label="检索词"
          size={40}
          autofocus
        />{" "}
        <select name="kind" aria-label="类型">
          <option value="">全部类型</option>
          {KB_KINDS.map((k) => (
            <option key={k} value={k} selected={k === kind}>{KIND_NAMES[k]}</option>
          ))}
        </select>{" "}
        {editor && (
          <label>
            <input type="checkbox" name="include_expired" value="1" checked={includeExpired} />
            含失效和停用
          </label>
        )} <button class="btn" type="submit">检索</button>
        {editor && <a href="/kb/new" class="btn secondary">新建文章</a>}
      </form>
      <p class="muted">
        {q ? `“${q}”的检索结果：${hits.length} 篇` : "最近更新的文章"}
      </p>
      <ol class="kb-results" data-testid="kb-results">
        {hits.map((h) => (
          <li key={h.id} class="card">
            <a href={`/kb/${h.id}`}>
              <strong>{h.title}</strong>
            </a>{" "}
            <span class="tag">{KIND_NAMES[h.kind]}</span>
            <StateTags hit={h} />
            <span class="muted">第 {h.version} 版 · {validity(h)}</span>
            <p>
              <Snippet parts={h.snippet_parts} />
            </p>
          </li>
        ))}
      </ol>
      {q && hits.length === 0 && <p>没有找到相关文章。可以换个说法，或减少关键词。</p>}
    </main>
  );
}

export function ArticlePage(
  { article, editor, actor }: {
    article: ArticleRow & { expired: boolean; versions: VersionRow[] };
    editor: boolean;
    actor: Actor;
  },
) {
  const a = article;
  return (
    <main class="page">
      <p>
        <a href="/kb">← 知识库</a>
      </p>
      <h1>{a.title}</h1>
      <p>
        <span class="tag">{KIND_NAMES[a.kind]}</span>
        <StateTags hit={a} />
        <span class="muted">
          第 {a.version} 版 · 有效期 {validity(a)}
          {a.category_name && ` · 分类 ${a.category_name}`}
          {a.department_name && ` · ${a.department_name}`}
        </span>
      </p>
      <section class="card kb-body" style="white-space: pre-wrap">{a.body}</section>
      {a.keywords.length > 0 && <p class="muted">关键词：{a.keywords.join("、")}</p>}
      {editor && (
        <div>
          <a class="btn" href={`/kb/${a.id}/edit`}>编辑</a>{" "}
          {a.status === "active" && (
            <form method="post" action={`/kb/${a.id}/retire`} class="inline">
              <CsrfField actor={actor} />
              <input type="hidden" name="base_version" value={String(a.version)} />
              <button class="btn secondary" type="submit">停用</button>
            </form>
          )}
        </div>
      )}
      <section class="card">
        <h2>版本记录</h2>
        <table class="list" data-testid="kb-versions">
          <thead>
            <tr>
              <th>版本</th>
              <th>时间</th>
              <th>修改人</th>
              <th>修改内容</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {a.versions.map((v) => (
              <tr key={v.version}>
                <td>第 {v.version} 版</td>
                <td>{formatDateTime(v.edited_at)}</td>
                <td>{v.edited_by}</td>
                <td>
                  {v.changed_fields.length === 0
                    ? "创建"
                    : v.changed_fields.map((f) => FIELD_NAMES[f] ?? f).join("、")}
                  <details>
                    <summary>查看此版本</summary>
                    <strong>{v.title}</strong>
                    <div style="white-space: pre-wrap">{v.body}</div>
                  </details>
                </td>
                <td>{v.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

export function ArticleForm(
  { actor, options, article }: {
    actor: Actor;
    options: FormOptions;
    article?: ArticleRow;
  },
) {
  const a = article;
  const action = a ? `/kb/${a.id}/edit` : "/kb/new";
  return (
    <main class="page">
      <h1>{a ? `编辑：${a.title}` : "新建知识库文章"}</h1>
      <form method="post" action={action} class="card form-grid">
        <CsrfField actor={actor} />
        {a && <input type="hidden" name="base_version" value={String(a.version)} />}
        <label for="kb-kind">类型</label>
        <select id="kb-kind" name="kind">
          {KB_KINDS.map((k) => (
            <option key={k} value={k} selected={k === a?.kind}>{KIND_NAMES[k]}</option>
          ))}
        </select>
        <label for="kb-title">标题</label>
        <input id="kb-title" name="title" value={a?.title ?? ""} required maxLength={200} />
        <label for="kb-body">正文</label>
        <textarea id="kb-body" name="body" rows={12} required>{a?.body ?? ""}</textarea>
        <label for="kb-keywords">关键词</label>
        <input
          id="kb-keywords"
          name="keywords"
          value={a?.keywords.join("、") ?? ""}
          placeholder="用顿号或逗号分隔"
        />
        <label for="kb-category">分类</label>
        <select id="kb-category" name="category_id">
          <option value="">（无）</option>
          {options.categories.map((c) => (
            <option key={c.id} value={String(c.id)} selected={c.id === a?.category_id}>
              {c.path} / {c.name}
            </option>
          ))}
        </select>
        <label for="kb-department">部门</label>
        <select id="kb-department" name="department_id">
          <option value="">（无）</option>
          {options.departments.map((d) => (
            <option key={d.id} value={String(d.id)} selected={d.id === a?.department_id}>
              {d.name}
            </option>
          ))}
        </select>
        <label for="kb-from">生效日期</label>
        <input id="kb-from" name="valid_from" type="date" value={a?.valid_from ?? ""} />
        <label for="kb-to">失效日期</label>
        <input id="kb-to" name="valid_to" type="date" value={a?.valid_to ?? ""} />
        {a && (
          <>
            <label for="kb-status">状态</label>
            <select id="kb-status" name="status">
              <option value="active" selected={a.status === "active"}>使用中</option>
              <option value="retired" selected={a.status === "retired"}>已停用</option>
            </select>
            <label for="kb-note">修改说明</label>
            <input id="kb-note" name="note" maxLength={500} />
          </>
        )}
        <span />
        <button class="btn" type="submit">保存</button>
      </form>
    </main>
  );
}
