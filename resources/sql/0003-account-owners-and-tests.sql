-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Whose credentials an account uses, and when it was last tested and refreshed.
--
-- The credentials themselves stay in the keyring; an account saved while no keyring answered
-- has the status 'needs-credentials' (a new nick of the status column, no change of schema).

-- The member (a person or an integration user) whose credentials these are; NULL when nobody
-- is recorded, or that member was removed.
ALTER TABLE accounts ADD COLUMN owner_member_id INTEGER REFERENCES members (id) ON DELETE SET NULL;
-- The last connection test, successful or not, and the last OAuth2 token refresh.
ALTER TABLE accounts ADD COLUMN last_tested_at TEXT;
ALTER TABLE accounts ADD COLUMN last_refresh_at TEXT;

CREATE INDEX accounts_by_owner ON accounts (owner_member_id) WHERE owner_member_id IS NOT NULL;
