-- Fallover, step 1 of a transfer, on the donor bucket of a split flash sale: takes up to `want` units of this
-- bucket's stock for a shopper's home bucket and records the transfer by its id, so a retry takes nothing twice.
-- The units leave this bucket's stock at once and reach home's only when flash_sale_credit.lua runs there: in
-- between they are in flight, counted in no bucket's stock, so nothing can oversell them; FlashSaleBuckets'
-- sweeper finishes a transfer a crash left behind.
-- KEYS: 1 state, 2 transfers (this bucket's)
-- ARGV: 1 transfer id, 2 home bucket, 3 units wanted
-- Returns: {units taken (those recorded first on a retry), transfers still in flight from here to that home
--   bucket, each as "<id>:<units>"}
local transfers_key = KEYS[2]
local transfer_id, home, want = ARGV[1], ARGV[2], tonumber(ARGV[3])

local function in_flight_home(except)
  local pending = {}
  local all = redis.call('HGETALL', transfers_key)
  for i = 1, #all, 2 do
    local to, units = string.match(all[i + 1], '^(%d+):(%d+):')
    if to == home and all[i] ~= except then
      pending[#pending + 1] = all[i] .. ':' .. units
    end
  end
  return pending
end

local recorded = redis.call('HGET', transfers_key, transfer_id)
if recorded then
  return { tonumber(string.match(recorded, '^%d+:(%d+):')), in_flight_home(transfer_id) }
end
local now = now_ms()
local sale = bucket_view(now)
local taken = 0
-- A bucket of a sale that takes no purchase now gives nothing (a cancelled sale keeps its stock where it is).
if sale and not campaign_gate(sale) then
  taken = math.max(0, math.min(want, sale.stockLeft))
end
if taken > 0 then
  redis.call('HINCRBY', state_key, 'stock', -taken)
  redis.call('HSET', transfers_key, transfer_id, home .. ':' .. taken .. ':' .. now)
end
return { taken, in_flight_home(transfer_id) }
