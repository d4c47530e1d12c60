-- Status meetings (issue 6): with a customer or internal, who came from each side, the agenda, notes,
-- the customer's happiness poll, action items, and when the next one is (a date and a cadence).

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    -- NULL: an internal meeting. Emptying the Trash removes a customer's meetings with them.
    customer_id   INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    -- When it is held (UTC, RFC 3339).
    held_at       TEXT NOT NULL,
    notes         TEXT,
    -- The customer's answer to "are you happy with our support?" (1-5) and why.
    happiness     INTEGER CHECK (happiness BETWEEN 1 AND 5),
    happiness_why TEXT,
    -- The next meeting's local date, and how often they meet.
    next_date     TEXT CHECK (next_date IS NULL OR next_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    cadence       TEXT CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (happiness_why IS NULL OR happiness IS NOT NULL),
    CHECK (customer_id IS NOT NULL OR happiness IS NULL)
);
CREATE INDEX meetings_by_customer ON meetings (customer_id, held_at);
CREATE INDEX meetings_by_held_at ON meetings (held_at);

-- Who came, from each side. The name is kept as it was, so a meeting still reads right after a
-- team member leaves or a contact is removed.
CREATE TABLE meeting_attendees (
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    side           TEXT NOT NULL CHECK (side IN ('team', 'customer')),
    team_member_id INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    contact_id     INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    name           TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
) WITHOUT ROWID;
CREATE INDEX meeting_attendees_by_contact ON meeting_attendees (contact_id) WHERE contact_id IS NOT NULL;

-- Action items: what someone on either side will do by when. One step turns an item into a
-- follow-up or an issue (linked here); it counts as done when marked done, when its follow-up is
-- done or when its issue is resolved or closed.
CREATE TABLE meeting_actions (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text              TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner_side        TEXT NOT NULL CHECK (owner_side IN ('team', 'customer')),
    owner_team_id     INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    owner_contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    owner_name        TEXT NOT NULL,
    due_date          TEXT,
    done_at           TEXT,
    follow_up_id      INTEGER REFERENCES follow_ups (id) ON DELETE SET NULL,
    issue_id          INTEGER REFERENCES issues (id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX meeting_actions_by_meeting ON meeting_actions (meeting_id);
CREATE INDEX meeting_actions_open_by_due ON meeting_actions (due_date) WHERE done_at IS NULL;

-- The agenda, in order: a customer's open issues (overdue first), the last meeting's open action
-- items, the latest survey score, and anything typed. An issue's update line said in the meeting
-- is also a 'comment' event in that issue's history (issue_event_id).
CREATE TABLE meeting_agenda (
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('issue', 'action', 'survey', 'topic')),
    issue_id       INTEGER REFERENCES issues (id) ON DELETE SET NULL,
    action_id      INTEGER REFERENCES meeting_actions (id) ON DELETE SET NULL,
    text           TEXT NOT NULL,
    -- An issue past its due date when the agenda was made (shown first, in red).
    overdue        INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
    update_note    TEXT,
    issue_event_id INTEGER REFERENCES issue_events (id) ON DELETE SET NULL,
    PRIMARY KEY (meeting_id, position)
) WITHOUT ROWID;

-- follow_ups.meeting_id (added before meetings existed, 0003) must name a real meeting; a removed
-- meeting unlinks its follow-ups.
CREATE TRIGGER follow_ups_meeting_exists_insert BEFORE INSERT ON follow_ups
WHEN NEW.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meetings WHERE id = NEW.meeting_id)
BEGIN SELECT RAISE(ABORT, 'meeting does not exist'); END;
CREATE TRIGGER follow_ups_meeting_exists_update BEFORE UPDATE OF meeting_id ON follow_ups
WHEN NEW.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meetings WHERE id = NEW.meeting_id)
BEGIN SELECT RAISE(ABORT, 'meeting does not exist'); END;
CREATE TRIGGER meetings_unlink_follow_ups AFTER DELETE ON meetings
BEGIN UPDATE follow_ups SET meeting_id = NULL WHERE meeting_id = OLD.id; END;
CREATE INDEX follow_ups_by_meeting ON follow_ups (meeting_id) WHERE meeting_id IS NOT NULL;
