-- Flash sales split into stock buckets on several Redis hash tags (issue 16): how many, so any node can find
-- every bucket's keys, and a rebuild knows what it would have to restore.
ALTER TABLE campaigns ADD COLUMN buckets SMALLINT NOT NULL DEFAULT 1 CHECK (buckets BETWEEN 1 AND 16);
