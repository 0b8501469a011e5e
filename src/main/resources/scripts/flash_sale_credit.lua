-- Fallover, step 2 of a transfer, on the home bucket of a split flash sale: adds the units a donor bucket took
-- (flash_sale_take.lua) to this bucket's stock, once per transfer id however often it is called. The donor then
-- forgets the transfer (HDEL of its transfers field); until it does, a retry or the sweeper may call this again.
-- KEYS: 1 state, 2 credits (this bucket's)
-- ARGV: 1 transfer id, 2 units
-- Returns: 1 credited now, 0 credited before, -1 no state here (Redis lost the bucket: nothing is credited, the
--   transfer stays in flight and the sale is refused as lost)
local credits_key = KEYS[2]
local transfer_id, units = ARGV[1], tonumber(ARGV[2])
if redis.call('EXISTS', state_key) == 0 then
  return -1
end
if redis.call('HSETNX', credits_key, transfer_id, units) == 0 then
  return 0
end
redis.call('HINCRBY', state_key, 'stock', units)
return 1
