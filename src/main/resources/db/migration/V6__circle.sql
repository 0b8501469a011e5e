-- The shopping circle's record: posts and coupons arrive through the circle outbox (version guards
-- make replays harmless), like orders.

-- A seller's share-coupon terms (absent: the campaign's buyers get nothing to share).
ALTER TABLE campaigns ADD COLUMN share_coupon JSONB;

-- What a coupon took off an order (0 without one), and which coupon.
ALTER TABLE orders ADD COLUMN discount BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE orders ADD COLUMN coupon_id TEXT;

CREATE TABLE circle_posts (
    id                BIGINT      PRIMARY KEY,
    author_id         TEXT        NOT NULL,
    order_id          UUID        NOT NULL UNIQUE,
    campaign_id       BIGINT      NOT NULL REFERENCES campaigns (id),
    seller_id         TEXT        NOT NULL,
    sku               TEXT        NOT NULL,
    title             TEXT        NOT NULL,
    note              TEXT        NOT NULL,
    rating            SMALLINT    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    coupon            JSONB       NOT NULL,
    claims_per_share  INTEGER     NOT NULL CHECK (claims_per_share > 0),
    claims_left       INTEGER     NOT NULL CHECK (claims_left >= 0),
    status            TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
    version           INTEGER     NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    -- Search: lower-cased title, SKU and note, and their character bigrams (CJK and Latin alike,
    -- under any collation); a GIN lookup on the bigrams, re-checked with LIKE on the text.
    search_text       TEXT        NOT NULL,
    search_bigrams    TEXT[]      NOT NULL
);
CREATE INDEX circle_posts_author_time ON circle_posts (author_id, created_at DESC, id DESC);
CREATE INDEX circle_posts_time ON circle_posts (created_at DESC, id DESC);
CREATE INDEX circle_posts_bigrams ON circle_posts USING GIN (search_bigrams);

CREATE TABLE coupons (
    id           TEXT        PRIMARY KEY,
    post_id      BIGINT      NOT NULL,
    user_id      TEXT        NOT NULL,
    sharer_id    TEXT        NOT NULL,
    seller_id    TEXT        NOT NULL,
    sku          TEXT        NOT NULL,
    scope        TEXT        NOT NULL CHECK (scope IN ('SHOP', 'SKU')),
    terms        JSONB       NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('AVAILABLE', 'LOCKED', 'USED')),
    locked_by    UUID,
    used_by      UUID,
    claimed_at   TIMESTAMPTZ NOT NULL,
    valid_until  TIMESTAMPTZ NOT NULL,
    version      INTEGER     NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
-- One claim per shopper per post; one coupon per paid order.
CREATE UNIQUE INDEX coupons_one_per_shopper ON coupons (post_id, user_id);
CREATE UNIQUE INDEX coupons_used_once ON coupons (used_by) WHERE used_by IS NOT NULL;
CREATE INDEX coupons_user ON coupons (user_id, claimed_at DESC);
