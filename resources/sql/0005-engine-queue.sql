-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The engine's queue and what a run needs to be replayed.
--
-- A run is written as 'queued' before anything happens: a webhook event is answered only
-- once its queued run is committed, so an answered event survives a crash, and runs wait in
-- the order they came in (a partial index keeps the waiting ones few to scan).

ALTER TABLE runs ADD COLUMN trigger_kind TEXT NOT NULL DEFAULT 'manual';
-- JSON: what the trigger delivered (the context's "trigger").
ALTER TABLE runs ADD COLUMN trigger_input TEXT;
ALTER TABLE runs ADD COLUMN catch_up INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN replay_of INTEGER REFERENCES runs (id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN start_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN queued_at TEXT;
ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
-- Set by whoever asks a run to stop, perhaps another process than the engine's.
ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;

DROP INDEX runs_running;
CREATE INDEX runs_unfinished ON runs (status, id) WHERE status IN ('queued', 'running');
CREATE INDEX runs_replays ON runs (replay_of) WHERE replay_of IS NOT NULL;

-- Webhook deliveries find their integration by the token in its published trigger. The
-- expression is written the same way in sb-store.c, so that the query uses the index.
CREATE INDEX integrations_by_webhook_token
  ON integrations (CASE WHEN json_valid (trigger) THEN json_extract (trigger, '$.token') END);
