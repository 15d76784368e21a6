-- The media layer: a recording of every answered call, and who listened in on which call.

create table call_recordings (
  id bigint generated always as identity primary key,
  call_id bigint not null references calls (id),
  -- Set when the call is linked to a case (at recording start, or later by the trigger below).
  case_id bigint references cases (id),
  -- Relative to $DATA_DIR/recordings.
  file text not null unique,
  -- Stereo 16-bit PCM WAV at 8 kHz: left the caller, right the agent (and a barging supervisor).
  format text not null default 'wav-pcm16-8k-stereo',
  state text not null default 'recording'
    check (state in ('recording', 'complete', 'failed', 'interrupted', 'deleted')),
  started_at timestamptz not null,
  ended_at timestamptz,
  duration_ms bigint,
  bytes bigint,
  deleted_at timestamptz,
  check ((state = 'recording') = (ended_at is null))
);
create index call_recordings_call on call_recordings (call_id);
create index call_recordings_case on call_recordings (case_id);
create index call_recordings_started on call_recordings (started_at) where state <> 'deleted';

create function call_recording_case() returns trigger language plpgsql as $$
begin
  update call_recordings set case_id = new.case_id where call_id = new.call_id and case_id is null;
  return new;
end $$;
create trigger case_calls_recording after insert on case_calls
  for each row execute function call_recording_case();

-- 监听 / 耳语 / 强插: one row per supervisor per call, its mode as it is now.
create table call_monitors (
  id bigint generated always as identity primary key,
  call_id bigint not null references calls (id),
  supervisor text not null,
  agent text,
  mode text not null check (mode in ('listen', 'whisper', 'barge')),
  started_at timestamptz not null,
  ended_at timestamptz
);
create index call_monitors_open on call_monitors (call_id) where ended_at is null;
