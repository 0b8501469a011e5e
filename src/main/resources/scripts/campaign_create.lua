-- Creates the hot state of a campaign of any kind: the fields every kind has, then the kind's own (terms and
-- counters at 0, as its Java passes them), the flusher's consumer group and the phase timers.
-- KEYS: 1 state, 2 outbox, 3 timers
-- ARGV: 1 kind, 2 startsAt ms, 3 endsAt ms, 4.. the kind's field, value pairs (id, stock, prices, limits, ...)
-- Returns: 'CREATED', or 'EXISTS' when the campaign already has state (creation is idempotent).
local state_key = KEYS[1]
local outbox_key = KEYS[2]
local timers_key = KEYS[3]
local kind, starts, ends = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', state_key) == 1 then
  return 'EXISTS'
end
redis.call('HSET', state_key, 'kind', kind, 'startsAt', starts, 'endsAt', ends, 'sold', 0, 'paid', 0, 'cancelled', 0,
  'seq', 0, unpack(ARGV, 4))
-- The flusher's consumer group exists before the first record, so no entry is ever missed.
redis.call('XGROUP', 'CREATE', outbox_key, 'flusher', '0', 'MKSTREAM')
-- Phase timers make the timer worker publish the LIVE and ENDED flips the moment they happen.
redis.call('ZADD', timers_key, starts, 'phase:start', ends, 'phase:end')
return 'CREATED'
