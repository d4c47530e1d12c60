-- Contact import and export (issue 8).

-- Where an imported contact came from: its vCard UID per source, so importing the same file again
-- updates the contact instead of adding it twice. An export writes the UID back out.
CREATE TABLE contact_sources (
    source     TEXT NOT NULL CHECK (length(source) > 0),
    uid        TEXT NOT NULL CHECK (length(uid) > 0),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (source, uid)
) WITHOUT ROWID;
CREATE INDEX contact_sources_by_contact ON contact_sources (contact_id);

-- Saved CSV column mappings ("profiles"): which column of a file fills which contact field. The
-- import wizard fills them; `rapport contacts import --profile NAME` uses one.
CREATE TABLE csv_profiles (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    -- One character, or NULL to detect it from the first line.
    delimiter  TEXT CHECK (delimiter IS NULL OR length(delimiter) = 1),
    has_header INTEGER NOT NULL DEFAULT 1 CHECK (has_header IN (0, 1)),
    -- Dates such as 01/02/1990 are day first.
    day_first  INTEGER NOT NULL DEFAULT 0 CHECK (day_first IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE csv_profile_columns (
    profile_id INTEGER NOT NULL REFERENCES csv_profiles (id) ON DELETE CASCADE,
    -- The column's 0-based position in the file.
    position   INTEGER NOT NULL CHECK (position >= 0),
    header     TEXT,
    field      TEXT NOT NULL,
    -- The label an email or phone from this column gets ("work", "mobile" …).
    label      TEXT,
    -- Ties columns that belong together: Google's "E-mail 2 - Type" and "E-mail 2 - Value",
    -- or the parts of one address.
    grp        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (profile_id, position)
) WITHOUT ROWID;

-- Merges of duplicate contacts: the survivor and the contact merged into it (which went to the
-- Trash). What was moved is listed so the merge can be explained, and later undone in full.
CREATE TABLE contact_merges (
    id         INTEGER PRIMARY KEY,
    kept_id    INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    merged_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    merged_at  TEXT NOT NULL,
    -- JSON: {"interactions": [ids], "issues": [ids], "issues_owned": [ids], "follow_ups": [ids]}.
    moved      TEXT NOT NULL
);
CREATE INDEX contact_merges_by_merged ON contact_merges (merged_id);
