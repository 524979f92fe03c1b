-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Deactivated integrations: taken out of the register of activated integrations (and no
-- longer live), with their settings, accounts and history kept, until they are reactivated:
-- then they get back the status they had, kept in deactivated_status.

ALTER TABLE integrations ADD COLUMN deactivated_at TEXT;
ALTER TABLE integrations ADD COLUMN deactivated_by INTEGER
  REFERENCES members (id) ON DELETE SET NULL;
ALTER TABLE integrations ADD COLUMN deactivated_status TEXT;
