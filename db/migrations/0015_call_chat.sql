-- 文字交流: text chat between a web caller (/call) and the agent on the same call
-- (server/chat/, docs/media.md). The table is the truth; each message's event on the spine
-- carries only ids.

-- The citizen has no session: the page proves it is the call's caller with a secret issued when
-- the call starts. Only its SHA-256 is kept.
create table call_chat_access (
  call_id bigint primary key references calls (id),
  token_sha256 text not null check (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);

create table call_chat_messages (
  id bigint generated always as identity primary key,
  call_id bigint not null references calls (id),
  sender text not null check (sender in ('caller', 'agent', 'system')),
  -- The agent's work number; null for the caller and the system.
  work_number text,
  -- Stored as typed (rendered escaped); the length cap is also checked by the API (zod).
  body text not null check (char_length(body) between 1 and 500),
  created_at timestamptz not null default now(),
  check ((sender = 'agent') = (work_number is not null))
);
create index call_chat_messages_call on call_chat_messages (call_id, id);
