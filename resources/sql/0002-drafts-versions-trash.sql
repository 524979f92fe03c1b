-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Drafts, published versions and the trash.
--
-- A Live or Paused integration is edited as a draft while the published version keeps
-- running; publishing makes the draft the next version. An integration deleted in the
-- window waits in the trash until its Undo has passed, and is deleted for real then (or when
-- Samband next starts).

-- The pending edits of a Live or Paused integration: a JSON object
-- {"trigger": ..., "steps": ..., "settings": ...}; NULL when there are none.
ALTER TABLE integrations ADD COLUMN draft TEXT;
-- The number of the published version that is live; 0 when it was never published.
ALTER TABLE integrations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- When it was moved to the trash; NULL for every integration that is not in it.
ALTER TABLE integrations ADD COLUMN deleted_at TEXT;

-- Only the few integrations in the trash.
CREATE INDEX integrations_trashed ON integrations (deleted_at) WHERE deleted_at IS NOT NULL;

-- The log of an integration is the warnings and errors of its runs.
CREATE INDEX run_events_problems ON run_events (run_id, at)
  WHERE level IN ('warning', 'error');

-- What is live was published, even before versions were kept: it becomes version 1, by whoever
-- activated it, when they did.
UPDATE integrations
  SET version = coalesce((SELECT max(v.version) FROM integration_versions AS v
                           WHERE v.integration_id = integrations.id), 0);

INSERT INTO integration_versions (integration_id, version, trigger, steps, settings,
                                  published_by, published_at)
  SELECT id, 1, trigger, steps, settings, activated_by,
         coalesce(activated_at, created_at, strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.000000Z')
  FROM integrations
  WHERE status IN ('live', 'paused') AND version = 0;

UPDATE integrations SET version = 1 WHERE status IN ('live', 'paused') AND version = 0;
