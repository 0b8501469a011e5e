-- Giveaways (免费送) are written to PostgreSQL first: an entry is a rare, once-per-shopper write
-- whose uniqueness, window and freeze at close PostgreSQL enforces in one statement (the entry
-- locks its giveaway's row, and the draw takes the same lock), so no Redis state and no outbox.

-- The seed stays secret until the draw: only seed_hash (hex SHA-256 of it) is shown before.
CREATE TABLE giveaways (
    id             BIGSERIAL   PRIMARY KEY,
    seller_id      TEXT,                 -- null for a platform (OPS) giveaway
    created_by     TEXT        NOT NULL,
    sku            TEXT        NOT NULL,
    title          TEXT        NOT NULL,
    winners        INT         NOT NULL CHECK (winners BETWEEN 1 AND 1000),
    opens_at       TIMESTAMPTZ NOT NULL,
    closes_at      TIMESTAMPTZ NOT NULL,
    min_level      INT         NOT NULL CHECK (min_level >= 0),
    level_weights  INT[]       NOT NULL,
    seed           BYTEA       NOT NULL,
    seed_hash      TEXT        NOT NULL,
    status         TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DRAWN')),
    entrants       INT         NOT NULL DEFAULT 0,
    drawn_at       TIMESTAMPTZ,
    claim_by       TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
CREATE INDEX giveaways_due ON giveaways (closes_at) WHERE status = 'OPEN';
CREATE INDEX giveaways_status ON giveaways (status, id DESC);

-- One entry per shopper and giveaway; weight frozen at entry from the shopper's level then.
CREATE TABLE giveaway_entries (
    giveaway_id  BIGINT      NOT NULL REFERENCES giveaways (id),
    user_id      TEXT        NOT NULL,
    pseudonym    TEXT        NOT NULL,
    level        INT         NOT NULL,
    weight       INT         NOT NULL CHECK (weight BETWEEN 1 AND 1000),
    entered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (giveaway_id, user_id)
);

-- The draw's winners, written with the giveaway's DRAWN in one transaction. WON becomes CLAIMED
-- when the winner claims the prize before claim_by; after it, a WON prize reads as LAPSED.
CREATE TABLE giveaway_winners (
    giveaway_id  BIGINT      NOT NULL REFERENCES giveaways (id),
    user_id      TEXT        NOT NULL,
    pseudonym    TEXT        NOT NULL,
    rank         INT         NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'WON' CHECK (status IN ('WON', 'CLAIMED')),
    claimed_at   TIMESTAMPTZ,
    PRIMARY KEY (giveaway_id, user_id),
    UNIQUE (giveaway_id, rank)
);
