-- A post shows its sharer's name as it was when they shared (the post JSON's authorName), and its
-- coupon's currency (the campaign's): both come with the post through the circle outbox.
ALTER TABLE circle_posts ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
ALTER TABLE circle_posts ADD COLUMN currency TEXT NOT NULL DEFAULT '';
ALTER TABLE circle_posts ALTER COLUMN author_name DROP DEFAULT;
ALTER TABLE circle_posts ALTER COLUMN currency DROP DEFAULT;
