-- "Stay in touch" per tag: contacts with this tag should hear from the business every `days` days.
-- A contact's own stay-in-touch follow-up wins over its tags; among tags the shortest cadence wins.
CREATE TABLE tag_cadences (
    tag  TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)
);
