-- Reserves units of a flash sale for one shopper: the whole purchase decision in one atomic step.
-- KEYS: see flash_sale_lib.lua
-- ARGV: 1 orderId, 2 userId, 3 quantity, 4 idempotency key, 5 live channel
-- Returns: {outcome, detail}
--   RESERVED|DUPLICATE|KEY_REUSED -> order JSON; SOLD_OUT -> "stockLeft:seq"; LIMIT_REACHED -> "held:limit";
--   NOT_STARTED -> startsAt; NOT_FOUND, CANCELLED, ENDED -> ''
local order_id, user, qty, idempotency_key, channel = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local idem_field = user .. ':' .. idempotency_key

-- A retry with the same key returns the first answer and changes nothing.
local first = redis.call('HGET', idem_key, idem_field)
if first then
  local order = redis.call('HGET', orders_key, first)
  if cjson.decode(order).quantity ~= qty then
    return { 'KEY_REUSED', order }
  end
  return { 'DUPLICATE', order }
end

local now = now_ms()
-- This bucket's stock decides (the shopper's home bucket, when the sale is split: see FlashSaleBuckets).
local sale = bucket_view(now)
local refusal, detail = campaign_gate(sale)
if refusal then
  return { refusal, detail }
elseif sale.stockLeft == 0 then
  return { 'SOLD_OUT', '0:' .. sale.seq }
end
local held = tonumber(redis.call('HGET', buyers_key, user) or '0')
if held + qty > sale.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. sale.perUserLimit }
end
if sale.stockLeft < qty then
  return { 'SOLD_OUT', sale.stockLeft .. ':' .. sale.seq }
end

redis.call('HINCRBY', state_key, 'sold', qty)
redis.call('HINCRBY', buyers_key, user, qty)
local pay_by = now + tonumber(redis.call('HGET', state_key, 'payWindowMs'))
local order = {
  id = order_id, campaignId = sale.id, kind = 'FLASH_SALE', userId = user, quantity = qty,
  unitPrice = sale.price, currency = sale.currency, status = 'RESERVED', version = 1,
  createdAt = now, updatedAt = now, payBy = pay_by, idempotencyKey = idempotency_key, paymentRef = ''
}
local json = save_order(orders_key, outbox_key, order)
redis.call('HSET', idem_key, idem_field, order_id)
redis.call('ZADD', timers_key, pay_by, order_id)
publish(channel, now)
return { 'RESERVED', json }
