-- When a campaign's hot state retired from Redis (ended, flushed, nothing pending). A campaign without it
-- must have state in Redis: when Redis has none, Redis lost it and the server rebuilds it from these tables.
ALTER TABLE campaigns ADD COLUMN retired_at TIMESTAMPTZ;
-- Campaigns over for a day before this column existed have long retired.
UPDATE campaigns SET retired_at = ends_at WHERE ends_at < now() - interval '1 day';
CREATE INDEX campaigns_not_retired ON campaigns (id) WHERE retired_at IS NULL;

-- Every rebuild of a campaign's hot state from PostgreSQL after Redis lost it: what was restored, and how many
-- order versions were still waiting in the outbox at the last check before the loss (those are gone).
CREATE TABLE campaign_recoveries (
    campaign_id          BIGINT      NOT NULL REFERENCES campaigns (id),
    recovered_at         TIMESTAMPTZ NOT NULL,
    orders               INTEGER     NOT NULL,
    records              INTEGER     NOT NULL,
    unflushed_at_check   BIGINT,
    PRIMARY KEY (campaign_id, recovered_at)
);
