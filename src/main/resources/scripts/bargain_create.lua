-- Creates the hot state of a bargain campaign.
-- KEYS: 1 state, 2 outbox, 3 timers
-- ARGV: 1 id, 2 stock, 3 listPrice, 4 floorPrice, 5 currency, 6 helpersNeeded, 7 sessionTtl ms, 8 perUserLimit,
--       9 helpsPerHelperPerDay, 10 startsAt ms, 11 endsAt ms, 12 payWindow ms
-- Returns: 'CREATED', or 'EXISTS' when the campaign already has state (creation is idempotent).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'EXISTS'
end
redis.call('HSET', KEYS[1], 'kind', 'BARGAIN', 'id', ARGV[1], 'stock', ARGV[2], 'sold', 0, 'paid', 0,
  'listPrice', ARGV[3], 'floorPrice', ARGV[4], 'currency', ARGV[5], 'helpersNeeded', ARGV[6],
  'sessionTtlMs', ARGV[7], 'perUserLimit', ARGV[8], 'helpsPerHelperPerDay', ARGV[9], 'startsAt', ARGV[10],
  'endsAt', ARGV[11], 'payWindowMs', ARGV[12], 'openSessions', 0, 'cancelled', 0, 'seq', 0)
redis.call('XGROUP', 'CREATE', KEYS[2], 'flusher', '0', 'MKSTREAM')
redis.call('ZADD', KEYS[3], ARGV[10], 'phase:start', ARGV[11], 'phase:end')
return 'CREATED'
