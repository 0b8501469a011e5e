-- Creates the hot state of a flash sale.
-- KEYS: 1 state, 2 outbox, 3 timers
-- ARGV: 1 id, 2 stock, 3 price, 4 currency, 5 perUserLimit, 6 startsAt ms, 7 endsAt ms, 8 payWindow ms
-- Returns: 'CREATED', or 'EXISTS' when the sale already has state (creation is idempotent).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'EXISTS'
end
redis.call('HSET', KEYS[1], 'kind', 'FLASH_SALE', 'id', ARGV[1], 'stock', ARGV[2], 'sold', 0, 'paid', 0, 'price', ARGV[3],
  'currency', ARGV[4], 'perUserLimit', ARGV[5], 'startsAt', ARGV[6], 'endsAt', ARGV[7],
  'payWindowMs', ARGV[8], 'cancelled', 0, 'seq', 0)
-- The flusher's consumer group exists before the first order, so no entry is ever missed.
redis.call('XGROUP', 'CREATE', KEYS[2], 'flusher', '0', 'MKSTREAM')
-- Phase timers make the timer worker publish the LIVE and ENDED flips the moment they happen.
redis.call('ZADD', KEYS[3], ARGV[6], 'phase:start', ARGV[7], 'phase:end')
return 'CREATED'
