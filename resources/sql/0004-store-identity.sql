-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Which database this is, for the keyring: its items carry this id next to the account id, so
-- that two databases (another --data-dir, the tests) never read or clear each other's
-- credentials, although their account ids are the same. One row, made once, never changed.
-- Items kept before this have no such id and are no longer found: enter those credentials
-- again (only test and demo data existed then).

CREATE TABLE store_identity (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  uuid TEXT NOT NULL
);

INSERT INTO store_identity (id, uuid) VALUES (1, lower (hex (randomblob (16))));
