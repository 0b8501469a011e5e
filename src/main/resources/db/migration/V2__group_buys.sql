-- Group buys: the campaign's extra terms, the groups (written by the outbox flusher), and the
-- group of a seat's order. `price` holds the group price for group buys.
ALTER TABLE campaigns
    ADD COLUMN leader_price      BIGINT CHECK (leader_price >= 0),
    ADD COLUMN solo_price        BIGINT CHECK (solo_price >= 0),
    ADD COLUMN group_size        INTEGER CHECK (group_size BETWEEN 2 AND 50),
    ADD COLUMN group_ttl_ms      BIGINT CHECK (group_ttl_ms > 0),
    ADD COLUMN min_real_members  INTEGER CHECK (min_real_members >= 1);

ALTER TABLE orders ADD COLUMN group_id UUID;
CREATE INDEX orders_group ON orders (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE groups (
    id           UUID        PRIMARY KEY,
    campaign_id  BIGINT      NOT NULL REFERENCES campaigns (id),
    status       TEXT        NOT NULL,
    size         INTEGER     NOT NULL,
    leader_id    TEXT        NOT NULL,
    deadline     TIMESTAMPTZ NOT NULL,
    virtual_fill BOOLEAN     NOT NULL DEFAULT false,
    members      JSONB       NOT NULL,
    version      INTEGER     NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX groups_campaign_status ON groups (campaign_id, status);
