-- Issue history also records changes of title and description (issue 4: every change is an event).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows and ids.

CREATE TABLE issue_events_v2 (
    id        INTEGER PRIMARY KEY,
    issue_id  INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'owner', 'customer_owner', 'due', 'broken_promise',
                                            'priority', 'category', 'title', 'description', 'escalated',
                                            'comment', 'closed', 'reopened')),
    old_value TEXT,
    new_value TEXT,
    note      TEXT
);
INSERT INTO issue_events_v2 (id, issue_id, at, kind, old_value, new_value, note)
    SELECT id, issue_id, at, kind, old_value, new_value, note FROM issue_events;
DROP TABLE issue_events;
ALTER TABLE issue_events_v2 RENAME TO issue_events;
CREATE INDEX issue_events_by_issue ON issue_events (issue_id, at);
CREATE INDEX issue_events_by_kind ON issue_events (kind, issue_id);
