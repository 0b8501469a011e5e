-- Sharers' experience: an append-only ledger, one entry per business event, keyed by its business id
-- (share:<postId>, claim:<couponId>, purchase:<couponId>, reversal:<business id reversed>), so an event
-- counted twice counts once. The circle flusher writes entries in the transaction that writes the post or
-- coupon row proving the event; a refund adds a reversing entry, never an edit.
CREATE TABLE xp_ledger (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      TEXT        NOT NULL,
    business_id  TEXT        NOT NULL UNIQUE,
    kind         TEXT        NOT NULL CHECK (kind IN ('SHARE', 'CLAIM', 'PURCHASE', 'REVERSAL')),
    -- What the entry counts: the rule's amount, less when a rule held it back (reason); a reversal's is the
    -- negated amount of the entry it reverses.
    amount       INTEGER     NOT NULL,
    reason       TEXT        CHECK (reason IN ('DAILY_CAP', 'SAME_FRIEND_TODAY', 'NEW_FRIENDSHIP')),
    source_user  TEXT,
    reverses     TEXT        UNIQUE REFERENCES xp_ledger (business_id),
    -- When the event happened (the UTC day of the daily cap and of "once per friend per day").
    occurred_at  TIMESTAMPTZ NOT NULL,
    -- When it counts: a purchase after the refund window; a reversal when the entry it reverses does.
    settles_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'REVERSAL') = (reverses IS NOT NULL)),
    CHECK (kind = 'REVERSAL' OR amount >= 0)
);
CREATE INDEX xp_ledger_user_settles ON xp_ledger (user_id, settles_at) INCLUDE (amount);
CREATE INDEX xp_ledger_user_day ON xp_ledger (user_id, occurred_at);
CREATE INDEX xp_ledger_user_recent ON xp_ledger (user_id, id DESC);
CREATE INDEX xp_ledger_purchases_settle ON xp_ledger (settles_at) WHERE kind = 'PURCHASE';

-- The settle pass looks for refunded orders paid with a coupon.
CREATE INDEX orders_refunded_with_coupon ON orders (coupon_id) WHERE status = 'REFUNDED' AND coupon_id IS NOT NULL;

CREATE FUNCTION xp_ledger_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'xp_ledger is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER xp_ledger_append_only BEFORE UPDATE OR DELETE ON xp_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION xp_ledger_refuse_edit();

-- Records a batch of events in order, applying the rules, once per business id. Every user of the batch is
-- locked first (transaction advisory locks, in key order, so two batches never deadlock on each other): the
-- daily cap and "once per friend per day" read that user's entries, and a concurrent batch with the same
-- event waits, then sees it. Arrays: one element per event; occurred 0 = now(); '' = none.
-- A CLAIM counts only if the claimer reached the sharer through friendships at least p_min_friendship old
-- at claim time (a friendship, or two through a mutual friend); a CLAIM or PURCHASE from a friend who
-- already gave this user XP of that kind that UTC day counts 0; what exceeds p_daily_cap (sum of the
-- user's non-reversal entries that UTC day) is cut. A reversal of an entry not recorded is skipped.
-- Returns the entries it inserted.
CREATE FUNCTION xp_record(p_users TEXT[], p_business TEXT[], p_kinds TEXT[], p_amounts INTEGER[],
                          p_sources TEXT[], p_reverses TEXT[], p_occurred BIGINT[], p_delays BIGINT[],
                          p_daily_cap INTEGER, p_min_friendship_ms BIGINT)
RETURNS TABLE (user_id TEXT, amount INTEGER, settled BOOLEAN)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_user     TEXT;
    v_at       TIMESTAMPTZ;
    v_day      TIMESTAMPTZ;
    v_amount   INTEGER;
    v_reason   TEXT;
    v_today    INTEGER;
    v_old      xp_ledger%ROWTYPE;
    v_min      INTERVAL := p_min_friendship_ms * INTERVAL '1 millisecond';
BEGIN
    FOR v_user IN SELECT DISTINCT u FROM unnest(p_users) u ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended('xp:' || v_user, 0));
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(p_users, 1), 0) LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM xp_ledger l WHERE l.business_id = p_business[i]);
        v_at := CASE WHEN p_occurred[i] = 0 THEN now() ELSE to_timestamp(p_occurred[i] / 1000.0) END;
        IF p_kinds[i] = 'REVERSAL' THEN
            SELECT * INTO v_old FROM xp_ledger l WHERE l.business_id = p_reverses[i];
            CONTINUE WHEN NOT FOUND;
            INSERT INTO xp_ledger AS l (user_id, business_id, kind, amount, source_user, reverses, occurred_at,
                                        settles_at)
            VALUES (v_old.user_id, p_business[i], 'REVERSAL', -v_old.amount, v_old.source_user, v_old.business_id,
                    v_at, v_old.settles_at);
            user_id := v_old.user_id;
            amount := -v_old.amount;
            settled := v_old.settles_at <= now();
            RETURN NEXT;
            CONTINUE;
        END IF;
        v_amount := p_amounts[i];
        v_reason := NULL;
        v_day := date_trunc('day', v_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        IF p_kinds[i] = 'CLAIM' AND NOT EXISTS (
                SELECT 1 FROM friend_edges e
                WHERE e.user_id = p_users[i] AND e.friend_id = p_sources[i] AND e.since <= v_at - v_min
                UNION ALL
                SELECT 1 FROM friend_edges a JOIN friend_edges b ON b.user_id = a.friend_id
                WHERE a.user_id = p_users[i] AND a.since <= v_at - v_min
                  AND b.friend_id = p_sources[i] AND b.since <= v_at - v_min) THEN
            v_amount := 0;
            v_reason := 'NEW_FRIENDSHIP';
        ELSIF p_sources[i] <> '' AND EXISTS (
                SELECT 1 FROM xp_ledger l
                WHERE l.user_id = p_users[i] AND l.occurred_at >= v_day AND l.occurred_at < v_day + INTERVAL '1 day'
                  AND l.kind = p_kinds[i] AND l.source_user = p_sources[i] AND l.amount > 0) THEN
            v_amount := 0;
            v_reason := 'SAME_FRIEND_TODAY';
        END IF;
        IF v_amount > 0 THEN
            SELECT coalesce(sum(l.amount), 0) INTO v_today FROM xp_ledger l
            WHERE l.user_id = p_users[i] AND l.occurred_at >= v_day AND l.occurred_at < v_day + INTERVAL '1 day'
              AND l.kind <> 'REVERSAL';
            IF v_today + v_amount > p_daily_cap THEN
                v_amount := greatest(p_daily_cap - v_today, 0);
                v_reason := 'DAILY_CAP';
            END IF;
        END IF;
        INSERT INTO xp_ledger (user_id, business_id, kind, amount, reason, source_user, occurred_at, settles_at)
        VALUES (p_users[i], p_business[i], p_kinds[i], v_amount, v_reason, nullif(p_sources[i], ''), v_at,
                v_at + p_delays[i] * INTERVAL '1 millisecond');
        user_id := p_users[i];
        amount := v_amount;
        settled := p_delays[i] = 0;
        RETURN NEXT;
    END LOOP;
END
$$;
