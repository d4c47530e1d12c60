-- Customer relationship profiles: the interview form (how important / how are we doing, 1–5), future
-- needs and improvement areas, kick-out factors, the owner's decisions on the vulnerability level and
-- the resolve-by date (kept as history), and praise credited to the team.
CREATE TABLE profile_attributes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    attribute   TEXT NOT NULL CHECK (length(trim(attribute)) > 0),
    importance  INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 5),
    performance INTEGER NOT NULL CHECK (performance BETWEEN 1 AND 5),
    asked_on    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX profile_attributes_by_customer ON profile_attributes (customer_id, attribute, asked_on);

CREATE TABLE profile_notes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('future_need', 'improvement')),
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    noted_on    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX profile_notes_by_customer ON profile_notes (customer_id, kind, noted_on);

CREATE TABLE kick_out_factors (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    status      TEXT NOT NULL CHECK (status IN ('present', 'watching', 'resolved')),
    review_on   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX kick_out_factors_by_status ON kick_out_factors (status, customer_id);
CREATE INDEX kick_out_factors_by_review ON kick_out_factors (review_on) WHERE review_on IS NOT NULL AND status <> 'resolved';

-- Each row is one decision, kept as history: a level set by hand (NULL level = back to the computed
-- one) and/or a resolve-by date set by hand (NULL = the suggestion from the level).
CREATE TABLE profile_decisions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    what        TEXT NOT NULL CHECK (what IN ('level', 'resolve_by')),
    level       TEXT CHECK (level IN ('none', 'moderate', 'significant', 'severe')),
    resolve_by  TEXT,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_at  TEXT NOT NULL
);
CREATE INDEX profile_decisions_by_customer ON profile_decisions (customer_id, what, decided_at, id);

-- Praise from a customer, credited to a team member (NULL = the whole business).
CREATE TABLE kudos (
    id             INTEGER PRIMARY KEY,
    team_member_id INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    customer_id    INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_on    TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('interaction', 'survey', 'manual')),
    interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX kudos_by_member ON kudos (team_member_id, received_on);
CREATE INDEX kudos_by_date ON kudos (received_on);

-- The at-risk list reads negative interactions of the last 30 days across all customers.
CREATE INDEX interactions_negative_by_time ON interactions (occurred_at, contact_id) WHERE tone = 'negative';

-- Settings of the whole app (the business's name, printed on every workbook).
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
