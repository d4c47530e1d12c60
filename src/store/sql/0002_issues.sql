-- Customer issues: owners on both sides, a due date that is a promise, a status workflow, history.
CREATE TABLE issue_categories (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE issues (
    id                INTEGER PRIMARY KEY,
    -- Emptying the Trash removes a customer's issues with them; a live customer's issues stay.
    customer_id       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description       TEXT,
    category_id       INTEGER REFERENCES issue_categories (id) ON DELETE SET NULL,
    priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    owner_id          INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    customer_owner_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    opened_at         TEXT NOT NULL,
    due_date          TEXT,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed')),
    resolved_at       TEXT,
    closed_at         TEXT,
    closed_how        TEXT CHECK (closed_how IN ('confirmed', 'unconfirmed')),
    satisfaction      INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    escalation_level  INTEGER NOT NULL DEFAULT 0,
    -- The last change of any kind (status, owner, comment …): "untouched for N hours" counts from here.
    last_activity_at  TEXT NOT NULL,
    -- Time spent waiting on the customer, in seconds, for finished waits; and the start of the current one.
    waiting_seconds   INTEGER NOT NULL DEFAULT 0,
    waiting_since     TEXT,
    -- Derived when the issue changes, so figures over 200,000 issues are index scans:
    -- the due date pushed back by finished waits (whole days, rounded up);
    due_after_waits   TEXT,
    -- seconds from opened to resolved, less the time waiting on the customer;
    resolve_seconds   INTEGER,
    -- 1 if resolved on or before `due_after_waits` (local date), 0 if late; NULL without a due date.
    resolved_on_time  INTEGER CHECK (resolved_on_time IN (0, 1)),
    -- how many times the due date was moved later (each is also a 'broken_promise' event).
    broken_promises   INTEGER NOT NULL DEFAULT 0,
    CHECK ((status = 'closed') = (closed_how IS NOT NULL))
);
CREATE INDEX issues_by_owner_status ON issues (owner_id, status, closed_how, resolved_on_time, broken_promises);
CREATE INDEX issues_by_status_due ON issues (status, due_after_waits, owner_id);
CREATE INDEX issues_by_owner_resolve ON issues (owner_id, resolve_seconds) WHERE resolve_seconds IS NOT NULL;
CREATE INDEX issues_by_opened ON issues (opened_at);
CREATE INDEX issues_by_customer ON issues (customer_id, status);

-- Every change, with its time. `kind` says what changed; old/new hold the values as text.
CREATE TABLE issue_events (
    id        INTEGER PRIMARY KEY,
    issue_id  INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'owner', 'customer_owner', 'due', 'broken_promise',
                                            'priority', 'category', 'escalated', 'comment', 'closed', 'reopened')),
    old_value TEXT,
    new_value TEXT,
    note      TEXT
);
CREATE INDEX issue_events_by_issue ON issue_events (issue_id, at);
CREATE INDEX issue_events_by_kind ON issue_events (kind, issue_id);

-- The escalation ladder: level 1, 2, 3 … each with who is next and when.
CREATE TABLE escalation_levels (
    level          INTEGER PRIMARY KEY CHECK (level >= 1),
    team_member_id INTEGER NOT NULL REFERENCES team_members (id) ON DELETE CASCADE,
    rule           TEXT NOT NULL CHECK (rule IN ('overdue_days', 'urgent_untouched_hours')),
    threshold      INTEGER NOT NULL CHECK (threshold >= 0)
);

-- interactions.issue_id (added before issues existed) must name a real issue; a removed issue unlinks.
CREATE TRIGGER interactions_issue_exists_insert BEFORE INSERT ON interactions
WHEN NEW.issue_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM issues WHERE id = NEW.issue_id)
BEGIN SELECT RAISE(ABORT, 'issue does not exist'); END;
CREATE TRIGGER interactions_issue_exists_update BEFORE UPDATE OF issue_id ON interactions
WHEN NEW.issue_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM issues WHERE id = NEW.issue_id)
BEGIN SELECT RAISE(ABORT, 'issue does not exist'); END;
CREATE TRIGGER issues_unlink_interactions AFTER DELETE ON issues
BEGIN UPDATE interactions SET issue_id = NULL WHERE issue_id = OLD.id; END;
CREATE INDEX interactions_by_issue ON interactions (issue_id) WHERE issue_id IS NOT NULL;
