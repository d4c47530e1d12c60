-- Contacts: people and organisations share one id space, so any contact can be "the customer".
CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    display_name      TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
    -- Lower-cased display name (Unicode-aware, computed in Rust) for sorting and paging.
    sort_name         TEXT NOT NULL,
    given_name        TEXT,
    family_name       TEXT,
    job_title         TEXT,
    organization_id   INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    street            TEXT,
    locality          TEXT,
    region            TEXT,
    postal_code       TEXT,
    country           TEXT,
    preferred_channel TEXT CHECK (preferred_channel IN ('email', 'phone', 'text', 'in_person', 'social')),
    do_not_contact    INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
    birthday_month    INTEGER CHECK (birthday_month BETWEEN 1 AND 12),
    birthday_day      INTEGER CHECK (birthday_day BETWEEN 1 AND 31),
    birthday_year     INTEGER,
    customer_since    TEXT,
    renewal_date      TEXT,
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    CHECK ((birthday_month IS NULL) = (birthday_day IS NULL)),
    CHECK (birthday_year IS NULL OR birthday_month IS NOT NULL)
);
CREATE INDEX contacts_by_name ON contacts (deleted_at, sort_name, id);
CREATE INDEX contacts_by_organization ON contacts (organization_id) WHERE organization_id IS NOT NULL;

-- Keyed by (contact, position) WITHOUT ROWID: one B-tree per row instead of a table and an index.
CREATE TABLE contact_emails (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT,
    email      TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_phones (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT,
    phone      TEXT NOT NULL,
    -- The phone's digits alone, for matching "+1 (555) 010-2030" with "5550102030".
    digits     TEXT NOT NULL,
    -- What search indexes: the digits from each group onwards ("15550102030 5550102030 0102030 2030"),
    -- so typing any leading part of the number finds it.
    search_digits TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_by_tag ON contact_tags (tag COLLATE NOCASE, contact_id);

-- The business's own staff: they own issues and are credited for praise.
CREATE TABLE team_members (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    email      TEXT,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

-- The timeline: one row per call, email, visit, message or note.
CREATE TABLE interactions (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    occurred_at    TEXT NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('call', 'email', 'visit', 'message', 'note')),
    summary        TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    tone           TEXT NOT NULL DEFAULT 'neutral' CHECK (tone IN ('positive', 'neutral', 'negative')),
    -- Filled once customer issues exist; the issues migration adds the integrity trigger.
    issue_id       INTEGER,
    team_member_id INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX interactions_by_contact ON interactions (contact_id, occurred_at);

-- Full-text search over contacts; rowid = contacts.id. Written only by `contacts::search`, in the
-- same transaction as the contact it mirrors. Contentless (the text lives in the tables above) and
-- without token positions (no phrase queries are made): both cut what indexing writes.
CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    name, organization, emails, phones, tags, notes,
    content = '', contentless_delete = 1, detail = column,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
