-- Shared prelude, prepended to every flash-sale script when it is loaded (see LuaScripts).
-- It only defines local functions; it touches no key by itself.

-- Redis server time in epoch milliseconds: the one clock every node agrees on.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A campaign's status at time `now`: the same rules for every kind.
local function campaign_status(cancelled, now, starts, ends, sold, stock)
  if cancelled == '1' then
    return 'CANCELLED'
  elseif now < starts then
    return 'SCHEDULED'
  elseif now >= ends then
    return 'ENDED'
  elseif sold >= stock then
    return 'SOLD_OUT'
  end
  return 'LIVE'
end

-- The public live view of a sale, computed from its state hash at time `now`: exactly the counters and terms
-- GET /api/flash-sales/{id} shows (times in epoch ms) plus seq; nothing the view hides (paid units).
local function sale_view(state_key, now)
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

-- Live message: {"seq":..,"serverTime":..,"state":{..}}; seq is bumped so watchers can order them.
-- Campaigns of other kinds have their own topics: nothing is published for them here.
local function publish_sale(state_key, channel, now)
  local view = sale_view(state_key, now)
  if not view then
    return nil
  end
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  view.seq = seq
  redis.call('PUBLISH', channel, cjson.encode({ seq = seq, serverTime = now, state = view }))
  return view
end

-- Appends the order's new version to the outbox stream and stores it.
local function save_order(orders_key, outbox_key, order)
  local json = cjson.encode(order)
  redis.call('HSET', orders_key, order.id, json)
  redis.call('XADD', outbox_key, '*', 'order', json)
  return json
end

-- Moves a held order to a final unpaid status and gives its units and limit back, exactly once:
-- callers only pass orders that are still RESERVED.
local function release_order(state_key, buyers_key, orders_key, outbox_key, timers_key, order, status, now)
  order.status = status
  order.version = order.version + 1
  order.updatedAt = now
  redis.call('HINCRBY', state_key, 'sold', -order.quantity)
  if redis.call('HINCRBY', buyers_key, order.userId, -order.quantity) <= 0 then
    redis.call('HDEL', buyers_key, order.userId)
  end
  redis.call('ZREM', timers_key, order.id)
  return save_order(orders_key, outbox_key, order)
end

-- Releases the order `order_id` with `status` if it is still RESERVED (an expired pay window, a kill
-- switch); answers the released order, or nil. Orders already paid, expired or cancelled are left alone.
local function release_if_reserved(state_key, buyers_key, orders_key, outbox_key, timers_key, order_id, status, now)
  local json = redis.call('HGET', orders_key, order_id)
  if not json then
    return nil
  end
  local order = cjson.decode(json)
  if order.status ~= 'RESERVED' then
    return nil
  end
  release_order(state_key, buyers_key, orders_key, outbox_key, timers_key, order, status, now)
  return order
end

-- The order `order_id` when it can be paid now (RESERVED); otherwise nil and the pay scripts' answer:
-- NOT_FOUND, ALREADY_PAID (any status in `paid_statuses`) or NOT_PAYABLE, with the order's JSON.
local function payable_order(orders_key, order_id, paid_statuses)
  local json = redis.call('HGET', orders_key, order_id)
  if not json then
    return nil, { 'NOT_FOUND', '' }
  end
  local order = cjson.decode(json)
  if paid_statuses[order.status] then
    return nil, { 'ALREADY_PAID', json }
  elseif order.status ~= 'RESERVED' then
    return nil, { 'NOT_PAYABLE', json }
  end
  return order
end

-- Marks a reserved order paid with the gateway's reference: its pay-window timer is dropped.
local function mark_paid(state_key, orders_key, outbox_key, timers_key, order, payment_ref, now)
  order.status = 'PAID'
  order.version = order.version + 1
  order.updatedAt = now
  order.paymentRef = payment_ref
  redis.call('HINCRBY', state_key, 'paid', order.quantity)
  redis.call('ZREM', timers_key, order.id)
  return save_order(orders_key, outbox_key, order)
end
