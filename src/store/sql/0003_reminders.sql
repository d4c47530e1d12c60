-- Reminders that behave like a calendar: follow-ups (one-off, recurring, "stay in touch"), what
-- happened to each occurrence, which reminder occurrences were delivered, and the settings.

CREATE TABLE follow_ups (
    id                 INTEGER PRIMARY KEY,
    contact_id         INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    issue_id           INTEGER REFERENCES issues (id) ON DELETE SET NULL,
    -- A seam: meetings do not exist yet. Their migration adds the integrity triggers (as 0002 did
    -- for interactions.issue_id).
    meeting_id         INTEGER,
    note               TEXT,
    -- The first date of the series. Recurring dates are counted from it, never chained, so
    -- "every month" from 31 January gives 28/29 February and then 31 March.
    anchor_date        TEXT NOT NULL,
    -- The pending occurrence: its number in the series (0 = the anchor) and its date. For "stay in
    -- touch" the date before a later interaction pushes it back.
    occurrence         INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
    due_date           TEXT NOT NULL,
    -- Local wall-clock time 'HH:MM' as the owner typed it; NULL = all day.
    due_time           TEXT CHECK (due_time IS NULL OR due_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    repeat_unit        TEXT CHECK (repeat_unit IN ('day', 'week', 'month')),
    repeat_every       INTEGER CHECK (repeat_every >= 1),
    stay_in_touch_days INTEGER CHECK (stay_in_touch_days >= 1),
    -- The pending occurrence is shown on this date instead (cleared when it is done or skipped).
    snoozed_until      TEXT,
    -- Set when a one-off is done; a recurring follow-up moves to its next occurrence instead.
    done_at            TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK ((repeat_unit IS NULL) = (repeat_every IS NULL)),
    CHECK (repeat_unit IS NULL OR stay_in_touch_days IS NULL)
);
CREATE INDEX follow_ups_pending_by_due ON follow_ups (due_date) WHERE done_at IS NULL;
CREATE INDEX follow_ups_by_contact ON follow_ups (contact_id, done_at);
CREATE INDEX follow_ups_by_issue ON follow_ups (issue_id) WHERE issue_id IS NOT NULL;

-- Done, skipped and snoozed occurrences, with when.
CREATE TABLE follow_up_events (
    id              INTEGER PRIMARY KEY,
    follow_up_id    INTEGER NOT NULL REFERENCES follow_ups (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('done', 'skipped', 'snoozed')),
    occurrence_date TEXT NOT NULL,
    -- The date it moved to (the next occurrence, or the snooze date); NULL when a one-off is done.
    new_date        TEXT
);
CREATE INDEX follow_up_events_by_follow_up ON follow_up_events (follow_up_id, at);

-- Each reminder occurrence (a stable key such as 'birthday:12:2026-12-05') is delivered at most once.
CREATE TABLE reminder_deliveries (
    occurrence_key TEXT PRIMARY KEY,
    delivered_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Reminder settings (lead days, optional kinds, notification time) and this file's calendar id,
-- which makes exported UIDs unique to this data file and stable across exports.
CREATE TABLE reminder_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO reminder_settings (key, value) VALUES ('calendar_id', lower(hex(randomblob(8))));

-- What "due in the next 30 days" reads at 100,000 contacts: birthdays by month and day (covering:
-- thousands of birthdays a month are read without touching the table), renewal dates, and
-- customer-since anniversaries by 'MM-DD'. Partial, so contacts without them cost nothing.
CREATE INDEX contacts_by_birthday ON contacts (birthday_month, birthday_day, birthday_year, display_name,
                                         do_not_contact, deleted_at)
    WHERE birthday_month IS NOT NULL AND deleted_at IS NULL AND do_not_contact = 0;
CREATE INDEX contacts_by_renewal ON contacts (renewal_date)
    WHERE renewal_date IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX contacts_by_customer_since ON contacts (substr(customer_since, 6, 5))
    WHERE customer_since IS NOT NULL AND deleted_at IS NULL;
