import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ChatMessage } from "../server/chat/chat_store.ts";
import { api } from "./api.ts";
import { formatHms } from "./format.ts";

/** Must match server/chat/chat_store.ts CHAT_MAX_CHARS (the server checks it too). */
const MAX_CHARS = 500;

/** The citizen proves the call with its chat token; the agent is the call on their seat. */
export type ChatSide =
  | { side: "caller"; callId: number; token: string }
  | { side: "agent"; callId: number; csrf: string };

export interface CallChatProps {
  who: ChatSide;
  /** Whether this side may send now (the caller until the end; the agent while talking). */
  canSend: boolean;
  /** Why sending is off, shown beside the input. */
  sendHint?: string;
  /** Each of the call's own events (call.answered, call.ended…) as the stream passes them on. */
  onCallEvent?: (type: string) => void;
}

const urls = (w: ChatSide) =>
  w.side === "caller"
    ? {
      events: `/api/public/calls/${w.callId}/chat/events?token=${encodeURIComponent(w.token)}`,
      post: `/api/public/calls/${w.callId}/chat`,
      body: (text: string) => ({ token: w.token, text }),
      csrf: "",
    }
    : {
      events: `/api/seat/chat/events?call=${w.callId}`,
      post: "/api/seat/chat",
      body: (text: string) => ({ call: w.callId, text }),
      csrf: w.csrf,
    };

function senderName(m: ChatMessage, side: ChatSide["side"]): string {
  if (m.sender === "system") return "系统";
  if (m.sender === side) return "我";
  return m.sender === "caller" ? "市民" : `话务员 ${m.work_number ?? ""}`.trim();
}

/**
 * 文字交流: the messages of one call, live both ways. One EventSource per panel: a reconnect sends
 * the last message id it saw (Last-Event-ID) and the server replays what came after it. Text is
 * rendered as text (Preact escapes it), kept as the person typed it.
 */
export default function CallChat({ who, canSend, sendHint, onCallEvent }: CallChatProps) {
  const messages = useSignal<ChatMessage[]>([]);
  const draft = useSignal("");
  const error = useSignal("");
  const closed = useSignal(false);
  const sending = useSignal(false);
  const list = useRef<HTMLOListElement>(null);
  const u = urls(who);

  const add = (m: ChatMessage) => {
    if (messages.value.some((x) => x.id === m.id)) return;
    messages.value = [...messages.value, m].sort((a, b) => a.id - b.id);
  };

  useEffect(() => {
    const source = new EventSource(u.events);
    source.onmessage = (e) => add(JSON.parse(e.data) as ChatMessage);
    source.addEventListener("call", (e) => {
      onCallEvent?.((JSON.parse((e as MessageEvent).data) as { type: string }).type);
    });
    source.addEventListener("closed", () => {
      closed.value = true;
      source.close();
    });
    return () => source.close();
  }, [who.callId]);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.value.length]);

  const send = async (e: Event) => {
    e.preventDefault();
    if (sending.value || draft.value.trim() === "") return;
    sending.value = true;
    const r = await api<{ message: ChatMessage }>("POST", u.post, u.csrf, u.body(draft.value));
    sending.value = false;
    if (r.ok) {
      add(r.data!.message);
      draft.value = "";
      error.value = "";
    } else {
      error.value = r.error!;
    }
  };

  const off = !canSend || closed.value;
  return (
    <section class="card call-chat" data-testid="call-chat" data-side={who.side}>
      <h2>文字交流</h2>
      <ol class="chat-log" ref={list} data-testid="chat-messages" aria-live="polite">
        {messages.value.map((m) => (
          <li
            key={m.id}
            class={`chat-msg chat-${m.sender}${m.sender === who.side ? " chat-mine" : ""}`}
            data-id={m.id}
            data-sender={m.sender}
          >
            <span class="muted">{formatHms(m.at)} {senderName(m, who.side)}：</span>
            <span class="chat-body">{m.body}</span>
          </li>
        ))}
      </ol>
      <form class="chat-form" onSubmit={send}>
        <textarea
          rows={2}
          maxLength={MAX_CHARS}
          placeholder={off ? (sendHint ?? "通话已结束") : "输入文字，按发送"}
          disabled={off}
          value={draft.value}
          data-testid="chat-input"
          onInput={(e) => draft.value = (e.target as HTMLTextAreaElement).value}
          onKeyDown={(e) => {
            // Enter sends, Shift+Enter is a new line (as in any chat).
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) void send(e);
          }}
        />
        <button type="submit" class="btn" disabled={off || sending.value} data-testid="chat-send">
          发送
        </button>
        <span class="muted">{draft.value.length}/{MAX_CHARS}</span>
      </form>
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </section>
  );
}
