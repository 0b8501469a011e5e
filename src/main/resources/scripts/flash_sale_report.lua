-- Records what bucket k of a split flash sale holds, on bucket 0 (the sale's own slot, whose channel carries its
-- live topic), and publishes the summed view when it changed. Buckets >= 1 never publish: a sharded channel may
-- only be published on from its own slot. Reports from several nodes may cross: the bucket's seq orders them,
-- and an older one changes nothing.
-- KEYS: see flash_sale_lib.lua (bucket 0's)
-- ARGV: 1 bucket k, 2 its seq, 3 its stock, 4 its sold units, 5 live channel
-- Returns: 1 when recorded and published, 0 when not newer than what bucket 0 holds, -1 without state
local bucket, seq, stock, sold, channel = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
if redis.call('EXISTS', state_key) == 0 then
  return -1
end
local recorded = tonumber(redis.call('HGET', state_key, 'seq.' .. bucket) or '-1')
if seq <= recorded then
  return 0
end
redis.call('HSET', state_key, 'seq.' .. bucket, seq, 'stock.' .. bucket, stock, 'sold.' .. bucket, sold)
publish(channel, now_ms())
return 1
