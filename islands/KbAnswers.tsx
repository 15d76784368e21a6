import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.ts";

interface Hit {
  id: number;
  title: string;
  snippet: string;
  kind: string;
}

/** Knowledge-base answers for what the citizen said; "采用" puts the article into the answer. */
export function KbAnswers(
  { csrf, text, onUse }: {
    csrf: string;
    text: string;
    onUse: (a: { id: number; text: string }) => void;
  },
) {
  const hits = useSignal<Hit[]>([]);
  const query = useSignal("");
  const q = query.value.trim() || text.trim().slice(0, 40);
  useEffect(() => {
    if (q.length < 2) return void (hits.value = []);
    const timer = setTimeout(async () => {
      const r = await api<{ articles: Hit[] }>(
        "GET",
        `/api/kb/search?limit=5&q=${encodeURIComponent(q)}`,
        csrf,
      );
      if (r.ok) hits.value = r.data!.articles;
    }, 400);
    return () => clearTimeout(timer);
  }, [q]);
  const use = async (h: Hit) => {
    const r = await api<{ title: string; body: string }>("GET", `/api/kb/articles/${h.id}`, csrf);
    onUse({ id: h.id, text: r.ok ? `${r.data!.title}：${r.data!.body}` : h.snippet });
  };
  return (
    <section class="card" data-testid="kb-answers">
      <h3>知识库</h3>
      <input
        aria-label="知识库检索"
        placeholder="检索知识库（默认按诉求内容）"
        value={query.value}
        onInput={(e) => (query.value = (e.target as HTMLInputElement).value)}
      />
      {hits.value.length === 0 && <p class="muted">暂无匹配的知识</p>}
      <ul class="plain">
        {hits.value.map((h) => (
          <li key={h.id}>
            <a href={`/kb/${h.id}`} target="_blank">{h.title}</a>{" "}
            <button type="button" class="btn secondary small" onClick={() => use(h)}>采用</button>
            <br />
            <small>{h.snippet}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
