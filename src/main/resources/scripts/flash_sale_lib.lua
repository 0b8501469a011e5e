-- Flash-sale prelude, loaded after campaign_lib.lua in front of every flash-sale script.
-- Every flash-sale script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers
local state_key = KEYS[1]
local buyers_key = KEYS[2]
local orders_key = KEYS[3]
local idem_key = KEYS[4]
local outbox_key = KEYS[5]
local timers_key = KEYS[6]

-- This bucket's view of the sale at time `now` (a sale not split has one bucket, so it is the sale's), or nil when
-- it has no state or is another kind's: the counters and terms GET /api/flash-sales/{id} shows (times in epoch ms)
-- plus seq; nothing it hides (paid units). Purchases decide on it. `buckets` is the number of buckets when this is
-- bucket 0 of a split sale, else nil.
local function bucket_view(now)
  local f = redis.call('HMGET', state_key, 'id', 'stock', 'sold', 'paid', 'startsAt', 'endsAt',
    'cancelled', 'seq', 'price', 'currency', 'perUserLimit', 'kind', 'buckets')
  if not f[1] or (f[12] and f[12] ~= 'FLASH_SALE') then
    return nil
  end
  local stock, sold = tonumber(f[2]), tonumber(f[3])
  local starts, ends = tonumber(f[5]), tonumber(f[6])
  local status = campaign_status(f[7], now, starts, ends, sold, stock)
  return {
    id = tonumber(f[1]), status = status, stock = stock, stockLeft = stock - sold, sold = sold, startsAt = starts,
    endsAt = ends, price = tonumber(f[9]), currency = f[10], perUserLimit = tonumber(f[11]), seq = tonumber(f[8])
  }, tonumber(f[13])
end

-- The public live view of the sale at time `now`, or nil (see bucket_view). On bucket 0 of a sale split into K
-- buckets it is the sum: the sale's whole stock, and units sold in bucket 0 plus those each other bucket last
-- reported (flash_sale_report.lua records them as `sold.<k>`); units in flight between buckets count as left.
local function view(now)
  local sale, buckets = bucket_view(now)
  if not sale or not buckets then
    return sale
  end
  local fields = { 'totalStock' }
  for k = 1, buckets - 1 do
    fields[#fields + 1] = 'sold.' .. k
  end
  local f = redis.call('HMGET', state_key, unpack(fields))
  local sold = sale.sold
  for k = 2, #f do
    sold = sold + (tonumber(f[k]) or 0)
  end
  local cancelled = (sale.status == 'CANCELLED') and '1' or '0'
  sale.stock = tonumber(f[1])
  sale.sold = sold
  sale.stockLeft = sale.stock - sold
  sale.status = campaign_status(cancelled, now, sale.startsAt, sale.endsAt, sold, sale.stock)
  return sale
end

-- Live message on `channel`: {"seq":..,"serverTime":..,"state":{..}}; seq is bumped so watchers can order them.
-- Nothing is published (nor bumped) when the state is missing or another kind's. Buckets >= 1 of a split sale get
-- channel '': they only bump seq, which orders their reports to bucket 0 (flash_sale_report.lua).
local function publish(channel, now)
  local sale = view(now)
  if not sale then
    return nil
  end
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  sale.seq = seq
  if channel == '' then
    return sale
  end
  -- A channel carrying a hash tag is a shard channel of this slot (sharded pub/sub).
  redis.call(channel:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', channel,
    cjson.encode({ seq = seq, serverTime = now, state = sale }))
  return sale
end

-- campaign_cancel.lua's hook: a pending timer member of a cancelled sale. An unpaid reservation is CANCELLED
-- (its units and limit back); answers whether it was one. Phase timers name no order: nothing to do.
local function cancel_member(member, record_prefix, now)
  return release_if_reserved(state_key, buyers_key, orders_key, outbox_key, timers_key, member, 'CANCELLED', now)
    ~= nil
end

-- campaign_timers.lua's hook: a due timer member. An unpaid reservation past its pay window EXPIRES; a phase
-- timer only makes the run publish the flip.
local function apply_timer(member, record_prefix, now)
  release_if_reserved(state_key, buyers_key, orders_key, outbox_key, timers_key, member, 'EXPIRED', now)
end
