-- What a node's cached first page of a feed is checked against (CircleFeed): it is served again only
-- while nothing it depends on changed, so the cache never shows what a fresh read would not.
--
-- A viewer's reach depends on the viewer's friendships and blocks and on their friends'
-- friendships (circle_path). Every change of a friendship bumps both users' versions, every block
-- or unblock the blocker's and the blocked's, every new display name its user's (a feed names the
-- mutual friend). The pair (viewer's version, sum of the friends' versions) then changes with any
-- change of the reach: while the viewer's version stands, their friends are the same users, whose
-- versions only grow.
CREATE TABLE friend_versions (
    user_id TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);

-- Rows in key order, so two changes never wait for each other in opposite orders. Every bump below
-- runs at commit (deferred constraint triggers): its row locks are the transaction's last and are
-- held only for the commit, so the one counter row of posts is no hot spot.
CREATE FUNCTION friend_versions_bump(VARIADIC users TEXT[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO friend_versions AS v (user_id, version)
    SELECT DISTINCT u, 1 FROM unnest(users) u ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1
$$;

-- A row of friendships or friend_blocks came or went: bumps the two users its columns TG_ARGV name.
CREATE FUNCTION friend_pair_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pair JSONB := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
    PERFORM friend_versions_bump(pair ->> TG_ARGV[0], pair ->> TG_ARGV[1]);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER friendships_versions AFTER INSERT OR DELETE ON friendships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION friend_pair_changed('user_low', 'user_high');

CREATE CONSTRAINT TRIGGER friend_blocks_versions AFTER INSERT OR DELETE ON friend_blocks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION friend_pair_changed('blocker', 'blocked');

-- A feed shows a friend's display name ("via Alice"): a new name counts as a change of its user.
CREATE FUNCTION circle_users_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM friend_versions_bump(NEW.user_id);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER circle_users_versions AFTER UPDATE ON circle_users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION circle_users_renamed();

-- Which posts a feed can show changes when a post is stored or removed, or its status changes
-- (withdrawn). One counter for all, bumped once per new post (row triggers: the flusher's upsert of
-- a known post's claims counts as an update, not an insert) and per change of status. Claims left
-- are not counted: the feed reads them fresh from Redis.
CREATE TABLE circle_feed_epoch (
    one     BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    changes BIGINT  NOT NULL
);
INSERT INTO circle_feed_epoch (one, changes) VALUES (true, 0);

CREATE FUNCTION circle_feed_epoch_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE circle_feed_epoch SET changes = changes + 1;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER circle_posts_stored AFTER INSERT ON circle_posts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION circle_feed_epoch_bump();

CREATE CONSTRAINT TRIGGER circle_posts_status AFTER UPDATE ON circle_posts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION circle_feed_epoch_bump();

CREATE TRIGGER circle_posts_removed AFTER DELETE OR TRUNCATE ON circle_posts
    FOR EACH STATEMENT EXECUTE FUNCTION circle_feed_epoch_bump();
