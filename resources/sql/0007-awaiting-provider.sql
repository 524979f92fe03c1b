-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Two-sided activation: an integration created from the catalog for a service whose provider
-- must switch it on at their side too waits for them. awaiting_provider holds the id of that
-- service's connector while it waits, NULL once the first run succeeded or the user confirmed.

ALTER TABLE integrations ADD COLUMN awaiting_provider TEXT;
