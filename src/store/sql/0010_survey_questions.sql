-- Survey questions in their own table (issue 7's bench): an answer becomes three numbers — response,
-- question, score — instead of carrying its attribute name, kind and scale as text on every row, so
-- 600,000 answers are written and read in far less time. Existing answers move across unchanged.

CREATE TABLE survey_questions (
    id        INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    -- The column in the file (0-based), so attributes keep the file's order.
    position  INTEGER NOT NULL,
    attribute TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('performance', 'expectation')),
    scale_max INTEGER NOT NULL CHECK (scale_max IN (5, 10)),
    UNIQUE (survey_id, position)
);

-- The question belongs to the response's survey (written together by the import); deleting a
-- survey deletes its responses and so their scores.
CREATE TABLE survey_scores (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL,
    score       REAL NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;

INSERT INTO survey_questions (survey_id, position, attribute, kind, scale_max)
SELECT DISTINCT r.survey_id, a.position, a.attribute, a.kind, a.scale_max
  FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id;

INSERT INTO survey_scores (response_id, question_id, score)
SELECT a.response_id, q.id, a.score
  FROM survey_answers a
  JOIN survey_responses r ON r.id = a.response_id
  JOIN survey_questions q ON q.survey_id = r.survey_id AND q.position = a.position;

DROP TABLE survey_answers;
