-- Shared prelude, prepended to every script when it is loaded (see LuaScript): what every campaign kind
-- shares (clock, status, the open gate, orders). It only defines local functions; it touches no key by itself
-- and names none (scripts that are no campaign's load it too): its functions take the keys they use.

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

-- The refusal of a campaign that takes no purchase, seat, session or cut now, from its view (any kind's,
-- nil when the state is missing): the outcome and its detail (NOT_FOUND, CANCELLED, NOT_STARTED -> startsAt,
-- ENDED), or nil when it is open. Sold out is each kind's own answer (its detail differs).
local function campaign_gate(view)
  if not view then
    return 'NOT_FOUND', ''
  elseif view.status == 'CANCELLED' then
    return 'CANCELLED', ''
  elseif view.status == 'SCHEDULED' then
    return 'NOT_STARTED', tostring(view.startsAt)
  elseif view.status == 'ENDED' then
    return 'ENDED', ''
  end
  return nil
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

-- Marks a reserved order paid with the payment JSON the pay scripts get ({"ref":..,"discount":..,"couponId":..},
-- see order.Payment): the gateway's reference, and the coupon's discount and id ('' and 0 without one). Its
-- pay-window timer is dropped. The order status is the coupon's fence: a coupon locked for this order becomes
-- USED once the order is PAID with it, and only then (see coupon.CouponSweeper).
local function mark_paid(state_key, orders_key, outbox_key, timers_key, order, payment_json, now)
  local payment = cjson.decode(payment_json)
  order.status = 'PAID'
  order.version = order.version + 1
  order.updatedAt = now
  order.paymentRef = payment.ref
  order.discount = tonumber(payment.discount) or 0
  if payment.couponId ~= '' then
    order.couponId = payment.couponId
  end
  redis.call('HINCRBY', state_key, 'paid', order.quantity)
  redis.call('ZREM', timers_key, order.id)
  return save_order(orders_key, outbox_key, order)
end
