-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Access packages (src/model/sb-access-package.h): what an integration user holds, one row
-- per member and package. A table rather than a column of members, so that each grant keeps
-- when and by whom it was given, and a package can be taken back without rewriting a list.
-- package is the package's stable id ("integration-user", "invoicing", …); granted_by is
-- NULL when nobody acted (this migration) or that member is gone.
--
-- Every integration user holds "integration-user": those that exist get it now (granted_at
-- in the store's shape of time: six decimals and a Z).

CREATE TABLE member_packages (
  member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  package    TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  granted_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
  PRIMARY KEY (member_id, package)
) WITHOUT ROWID;

CREATE INDEX member_packages_by_granted_by ON member_packages (granted_by);

INSERT INTO member_packages (member_id, package, granted_at)
  SELECT id, 'integration-user', strftime ('%Y-%m-%dT%H:%M:%S', 'now') || '.000000Z'
  FROM members WHERE kind = 'integration-user';
