-- What `reminders due` reads at 100,000 contacts and 50,000 follow-ups (issue 5's bench: a 30-day
-- window under 20 ms). The pending follow-ups by due date now carry every column due() reads, so
-- listing them never visits the table; and the contacts' names by id, narrow and covering, so
-- naming the contact of each follow-up reads a small index instead of the contact's whole row.
DROP INDEX IF EXISTS follow_ups_pending_by_due;
CREATE INDEX follow_ups_pending_by_due ON follow_ups (due_date, contact_id, occurrence, anchor_date,
                                                      due_time, repeat_unit, repeat_every,
                                                      stay_in_touch_days, snoozed_until, issue_id, note)
    WHERE done_at IS NULL;
DROP INDEX IF EXISTS contacts_names;
CREATE INDEX contacts_names ON contacts (id, deleted_at, display_name);
