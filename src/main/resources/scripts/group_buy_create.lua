-- Creates the hot state of a group buy.
-- KEYS: see group_lib.lua
-- ARGV: 1 id, 2 stock, 3 groupPrice, 4 leaderPrice ('' when none), 5 soloPrice ('' when none), 6 currency,
--       7 groupSize, 8 groupTtl ms, 9 perUserLimit, 10 startsAt ms, 11 endsAt ms, 12 payWindow ms,
--       13 minRealMembers (0 when no virtual fill)
-- Returns: 'CREATED', or 'EXISTS' when the campaign already has state (creation is idempotent).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'EXISTS'
end
redis.call('HSET', KEYS[1], 'kind', 'GROUP_BUY', 'id', ARGV[1], 'stock', ARGV[2], 'sold', 0, 'paid', 0,
  'groupPrice', ARGV[3], 'leaderPrice', ARGV[4], 'soloPrice', ARGV[5], 'currency', ARGV[6], 'groupSize', ARGV[7],
  'groupTtlMs', ARGV[8], 'perUserLimit', ARGV[9], 'startsAt', ARGV[10], 'endsAt', ARGV[11], 'payWindowMs', ARGV[12],
  'minRealMembers', ARGV[13], 'openGroups', 0, 'succeededGroups', 0, 'failedGroups', 0, 'cancelled', 0, 'seq', 0)
redis.call('XGROUP', 'CREATE', KEYS[5], 'flusher', '0', 'MKSTREAM')
redis.call('ZADD', KEYS[6], ARGV[10], 'phase:start', ARGV[11], 'phase:end')
return 'CREATED'
