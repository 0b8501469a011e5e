-- Bargains: the campaign's extra terms (`price` holds the list price), the sessions and the cuts,
-- both written by the outbox flusher.
ALTER TABLE campaigns
    ADD COLUMN floor_price               BIGINT CHECK (floor_price >= 0),
    ADD COLUMN helpers_needed            INTEGER CHECK (helpers_needed >= 1),
    ADD COLUMN session_ttl_ms            BIGINT CHECK (session_ttl_ms > 0),
    ADD COLUMN helps_per_helper_per_day  INTEGER CHECK (helps_per_helper_per_day >= 1);

CREATE TABLE bargain_sessions (
    id             UUID        PRIMARY KEY,
    campaign_id    BIGINT      NOT NULL REFERENCES campaigns (id),
    owner_id       TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    list_price     BIGINT      NOT NULL,
    floor_price    BIGINT      NOT NULL,
    current_price  BIGINT      NOT NULL,
    cuts_left      INTEGER     NOT NULL,
    deadline       TIMESTAMPTZ NOT NULL,
    order_id       UUID,
    version        INTEGER     NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX bargain_sessions_campaign ON bargain_sessions (campaign_id, status);
CREATE INDEX bargain_sessions_owner ON bargain_sessions (owner_id);

-- One row per cut: a helper cuts a session once (the key makes a replayed batch harmless). No foreign
-- key to the session: the flusher writes the kinds of a batch in no particular order.
CREATE TABLE bargain_cuts (
    session_id   UUID        NOT NULL,
    helper_id    TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    amount       BIGINT      NOT NULL CHECK (amount > 0),
    price_after  BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, helper_id)
);
