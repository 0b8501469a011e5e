-- Reserves units of a flash sale for one shopper: the whole purchase decision in one atomic step.
-- KEYS: 1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers
-- ARGV: 1 orderId, 2 userId, 3 quantity, 4 idempotency key, 5 live channel
-- Returns: {outcome, detail}
--   RESERVED|DUPLICATE|KEY_REUSED -> order JSON; SOLD_OUT -> "stockLeft:seq"; LIMIT_REACHED -> "held:limit";
--   NOT_STARTED -> startsAt; NOT_FOUND, CANCELLED, ENDED -> ''
local user, qty = ARGV[2], tonumber(ARGV[3])
local idem_field = user .. ':' .. ARGV[4]

-- A retry with the same key returns the first answer and changes nothing.
local first = redis.call('HGET', KEYS[4], idem_field)
if first then
  local order = redis.call('HGET', KEYS[3], first)
  if cjson.decode(order).quantity ~= qty then
    return { 'KEY_REUSED', order }
  end
  return { 'DUPLICATE', order }
end

local now = now_ms()
local view = sale_view(KEYS[1], now)
local refusal, detail = campaign_gate(view)
if refusal then
  return { refusal, detail }
elseif view.stockLeft == 0 then
  return { 'SOLD_OUT', '0:' .. view.seq }
end
local held = tonumber(redis.call('HGET', KEYS[2], user) or '0')
if held + qty > view.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. view.perUserLimit }
end
if view.stockLeft < qty then
  return { 'SOLD_OUT', view.stockLeft .. ':' .. view.seq }
end

redis.call('HINCRBY', KEYS[1], 'sold', qty)
redis.call('HINCRBY', KEYS[2], user, qty)
local pay_by = now + tonumber(redis.call('HGET', KEYS[1], 'payWindowMs'))
local order = {
  id = ARGV[1], campaignId = view.id, kind = 'FLASH_SALE', userId = user, quantity = qty,
  unitPrice = view.price, currency = view.currency, status = 'RESERVED', version = 1,
  createdAt = now, updatedAt = now, payBy = pay_by, idempotencyKey = ARGV[4], paymentRef = ''
}
local json = save_order(KEYS[3], KEYS[5], order)
redis.call('HSET', KEYS[4], idem_field, ARGV[1])
redis.call('ZADD', KEYS[6], pay_by, ARGV[1])
publish_sale(KEYS[1], ARGV[5], now)
return { 'RESERVED', json }
