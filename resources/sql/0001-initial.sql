-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The first schema. Migrations run in one transaction, in order of their number, and the
-- store sets PRAGMA user_version to the number of the last one; never edit a migration that
-- has shipped, add the next number instead.
--
-- Conventions: ids are INTEGER PRIMARY KEY; times are ISO 8601 in UTC with six decimals
-- ("2024-05-01T09:30:00.000000Z"), so that they sort as text; enums are stored as their
-- nicks; JSON is stored as text; a member id of 0 in the models is NULL here.
-- No column holds a credential, a token or a password: those live in the keyring.

-- "Smbd": marks the file as Samband's, so another program's SQLite file is not taken for ours.
PRAGMA application_id = 1399677540;

-- The person who runs the application. One row.
CREATE TABLE profile (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  name  TEXT NOT NULL,
  email TEXT NOT NULL
);

CREATE TABLE organizations (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL,
  kind  TEXT NOT NULL,
  sport TEXT
);

CREATE TABLE members (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  display_name    TEXT,
  email           TEXT NOT NULL COLLATE NOCASE,
  phone           TEXT,
  kind            TEXT NOT NULL,
  role            TEXT NOT NULL,
  status          TEXT NOT NULL,
  UNIQUE (organization_id, email)
);

CREATE TABLE accounts (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  connector_id    TEXT NOT NULL,
  name            TEXT NOT NULL,
  status          TEXT NOT NULL,
  base_url        TEXT,
  connection_info TEXT,
  metadata        TEXT
);

CREATE INDEX accounts_by_organization ON accounts (organization_id);

CREATE TABLE integrations (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  description     TEXT,
  status          TEXT NOT NULL,
  trigger         TEXT,
  steps           TEXT,
  settings        TEXT,
  purpose         TEXT,
  created_by      INTEGER REFERENCES members (id) ON DELETE SET NULL,
  created_at      TEXT,
  activated_by    INTEGER REFERENCES members (id) ON DELETE SET NULL,
  activated_at    TEXT
);

CREATE INDEX integrations_by_organization ON integrations (organization_id);

-- Which accounts an integration uses: the account page and the delete guard read it.
CREATE TABLE integration_accounts (
  integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  PRIMARY KEY (integration_id, account_id)
) WITHOUT ROWID;

CREATE INDEX integration_accounts_by_account ON integration_accounts (account_id);

-- What was published when an integration was activated, so a run can tell which version
-- it ran and an earlier one can be restored.
CREATE TABLE integration_versions (
  id             INTEGER PRIMARY KEY,
  integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  version        INTEGER NOT NULL,
  trigger        TEXT,
  steps          TEXT,
  settings       TEXT,
  published_by   INTEGER REFERENCES members (id) ON DELETE SET NULL,
  published_at   TEXT NOT NULL,
  UNIQUE (integration_id, version)
);

CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  status         TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT,
  items_read     INTEGER NOT NULL DEFAULT 0,
  items_created  INTEGER NOT NULL DEFAULT 0,
  items_updated  INTEGER NOT NULL DEFAULT 0,
  items_failed   INTEGER NOT NULL DEFAULT 0,
  error          TEXT
);

CREATE INDEX runs_by_integration ON runs (integration_id, started_at DESC, id DESC);
-- Only the few runs in progress: start-up looks for them after a crash.
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
-- Pruning by age.
CREATE INDEX runs_by_start ON runs (started_at);

CREATE TABLE run_events (
  id      INTEGER PRIMARY KEY,
  run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  level   TEXT NOT NULL,
  step_id TEXT,
  message TEXT NOT NULL,
  data    TEXT
);

CREATE INDEX run_events_by_run ON run_events (run_id, id);

CREATE TABLE account_errors (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The integration that met the error, when one did; the error outlives it.
  integration_id INTEGER REFERENCES integrations (id) ON DELETE SET NULL,
  at             TEXT NOT NULL,
  message        TEXT NOT NULL
);

CREATE INDEX account_errors_by_account ON account_errors (account_id, at DESC);
CREATE INDEX account_errors_by_integration ON account_errors (integration_id);

-- Polling positions: how far a poll trigger has read.
CREATE TABLE cursors (
  integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  value          TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (integration_id, name)
) WITHOUT ROWID;

-- Who did what, when. The subject is not a foreign key: the entry outlives what it names.
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
  member_id       INTEGER REFERENCES members (id) ON DELETE SET NULL,
  at              TEXT NOT NULL,
  action          TEXT NOT NULL,
  subject_kind    TEXT,
  subject_id      INTEGER,
  detail          TEXT
);

CREATE INDEX audit_log_by_organization ON audit_log (organization_id, at DESC, id DESC);
CREATE INDEX audit_log_by_member ON audit_log (member_id);
