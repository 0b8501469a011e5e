-- Chat around a coupon: one thread per circle post, PostgreSQL first (a message is committed before
-- it is pushed on chat:<postId>). No foreign key to circle_posts: a post reaches PostgreSQL through
-- the circle outbox a moment after it exists in Redis, and its chat may start before that.

-- One row per thread: the last message id handed out. Writers of one thread take this row's lock, so
-- ids within a thread are consecutive (1, 2, 3, ...) and commit in id order: a reader that saw id n
-- has seen every id below n, which makes "after=<last id>" a gap-free resume cursor (a sequence
-- shared by concurrent transactions can commit 11 before 10).
CREATE TABLE chat_threads (
    post_id  BIGINT PRIMARY KEY,
    last_id  BIGINT NOT NULL CHECK (last_id >= 0)
);

CREATE TABLE chat_messages (
    post_id            BIGINT      NOT NULL,
    id                 BIGINT      NOT NULL CHECK (id >= 1),
    sender_id          TEXT        NOT NULL,
    sender_name        TEXT        NOT NULL,
    client_message_id  TEXT        NOT NULL,
    body               TEXT        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
    sent_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, id),
    -- A retried send (same sender, same clientMessageId) is the same message, never a second one.
    UNIQUE (post_id, sender_id, client_message_id)
);
