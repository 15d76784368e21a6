import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

/**
 * The annual summary draft in an editable box: the leader rewrites it and copies it out. Edits
 * are kept in this browser only (localStorage, per year) so a reload does not lose them; nothing
 * is stored on the server.
 */
export default function SummaryDraft({ year, draft }: { year: number; draft: string }) {
  const key = `annual-summary-draft:${year}`;
  const text = useSignal(draft);
  const note = useSignal("");
  useEffect(() => {
    const saved = globalThis.localStorage?.getItem(key);
    if (saved && saved !== draft) {
      text.value = saved;
      note.value = "已恢复本机保存的修改；点“恢复自动初稿”可看按最新数据生成的初稿";
    }
  }, []);
  const edit = (value: string) => {
    text.value = value;
    globalThis.localStorage?.setItem(key, value);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text.value);
      note.value = "已复制全文";
    } catch {
      note.value = "浏览器不允许复制，请在文本框中全选（Ctrl+A）后复制";
    }
  };
  const reset = () => {
    globalThis.localStorage?.removeItem(key);
    text.value = draft;
    note.value = "已恢复自动初稿";
  };
  return (
    <div class="summary-draft">
      <textarea
        name="draft"
        rows={22}
        value={text.value}
        onInput={(e) => edit((e.target as HTMLTextAreaElement).value)}
        aria-label={`${year}年度工作总结初稿`}
        data-testid="annual-draft"
      />
      <div class="no-print summary-actions">
        <button type="button" class="btn" onClick={copy}>复制全文</button>{" "}
        <button type="button" class="btn secondary" onClick={reset}>恢复自动初稿</button>{" "}
        <span class="muted">{text.value.length} 字</span>{" "}
        <span class="muted" role="status" data-testid="annual-draft-note">{note.value}</span>
      </div>
    </div>
  );
}
