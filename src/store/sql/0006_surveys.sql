-- Satisfaction surveys imported from spreadsheets (issue 7).

CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    source_file TEXT NOT NULL,
    tool        TEXT NOT NULL,
    -- How many customers were asked, when known (a filled template knows it).
    invited     INTEGER CHECK (invited IS NULL OR invited >= 0),
    imported_at TEXT NOT NULL
);

CREATE TABLE survey_responses (
    id            INTEGER PRIMARY KEY,
    survey_id     INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    -- The row in the file (header rows count), so a figure can be traced back to its cell.
    row_number    INTEGER NOT NULL,
    email         TEXT,
    name          TEXT,
    contact_id    INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    -- Local date-time as the file gave it, ISO (`2020-01-05T13:03:00`), or NULL.
    responded_at  TEXT,
    nps           INTEGER CHECK (nps BETWEEN 0 AND 10),
    csat          INTEGER CHECK (csat BETWEEN 1 AND 5),
    comment       TEXT,
    -- The complaint's cause (categorised from the comment, or the linked issue's category).
    cause         TEXT,
    issue_id      INTEGER REFERENCES issues (id) ON DELETE SET NULL,
    -- 1 when the link was suggested by the import (most recently resolved issue), 0 when chosen.
    issue_suggested INTEGER NOT NULL DEFAULT 0 CHECK (issue_suggested IN (0, 1))
);
CREATE INDEX survey_responses_by_survey ON survey_responses (survey_id, row_number);
CREATE INDEX survey_responses_by_contact ON survey_responses (contact_id, responded_at) WHERE contact_id IS NOT NULL;
CREATE INDEX survey_responses_by_issue ON survey_responses (issue_id) WHERE issue_id IS NOT NULL;

-- Scored answers other than NPS and CSAT: one per response and question.
CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    attribute   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('performance', 'expectation')),
    score       REAL NOT NULL,
    scale_max   INTEGER NOT NULL CHECK (scale_max IN (5, 10)),
    PRIMARY KEY (response_id, position)
) WITHOUT ROWID;

-- Saved survey mappings: the one confirmed for a file, reused for the next file from the same tool.
CREATE TABLE survey_profiles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    tool        TEXT NOT NULL,
    header_rows INTEGER NOT NULL CHECK (header_rows >= 0),
    day_first   INTEGER CHECK (day_first IN (0, 1)),
    updated_at  TEXT NOT NULL
);
CREATE TABLE survey_profile_columns (
    profile_id INTEGER NOT NULL REFERENCES survey_profiles (id) ON DELETE CASCADE,
    header     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('ignore', 'contact_id', 'email', 'name', 'timestamp', 'nps', 'csat',
                                             'attribute', 'expectation', 'comment')),
    scale_max  INTEGER NOT NULL DEFAULT 0,
    attribute  TEXT,
    PRIMARY KEY (profile_id, header)
) WITHOUT ROWID;
