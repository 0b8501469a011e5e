-- Flash-sale prelude, loaded after campaign_lib.lua in front of every flash-sale script.
-- Every flash-sale script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers
local state_key = KEYS[1]
local buyers_key = KEYS[2]
local orders_key = KEYS[3]
local idem_key = KEYS[4]
local outbox_key = KEYS[5]
local timers_key = KEYS[6]

-- The public live view of the sale at time `now`, or nil when it has no state or is another kind's: exactly the
-- counters and terms GET /api/flash-sales/{id} shows (times in epoch ms) plus seq; nothing it hides (paid units).
local function view(now)
  local f = redis.call('HMGET', state_key, 'id', 'stock', 'sold', 'paid', 'startsAt', 'endsAt',
    'cancelled', 'seq', 'price', 'currency', 'perUserLimit', 'kind')
  if not f[1] or (f[12] and f[12] ~= 'FLASH_SALE') then
    return nil
  end
  local stock, sold = tonumber(f[2]), tonumber(f[3])
  local starts, ends = tonumber(f[5]), tonumber(f[6])
  local status = campaign_status(f[7], now, starts, ends, sold, stock)
  return {
    id = tonumber(f[1]), status = status, stock = stock, stockLeft = stock - sold, sold = sold, startsAt = starts,
    endsAt = ends, price = tonumber(f[9]), currency = f[10], perUserLimit = tonumber(f[11]), seq = tonumber(f[8])
  }
end

-- Live message on `channel`: {"seq":..,"serverTime":..,"state":{..}}; seq is bumped so watchers can order them.
-- Nothing is published (nor bumped) when the state is missing or another kind's.
local function publish(channel, now)
  local sale = view(now)
  if not sale then
    return nil
  end
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  sale.seq = seq
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
