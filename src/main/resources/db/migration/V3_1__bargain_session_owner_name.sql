-- A session's owner display name, so a session reads the same from PostgreSQL once its campaign's Redis keys
-- retired. Numbered 3.1 to sit between the bargain tables and migrations added next to it.
ALTER TABLE bargain_sessions ADD COLUMN owner_name TEXT;
