-- Marks a bargain order paid, or expires it if its pay window has passed.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 order id, 2 payment reference
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local json = redis.call('HGET', KEYS[3], ARGV[1])
if not json then
  return { 'NOT_FOUND', '' }
end
local order = cjson.decode(json)
if order.status == 'PAID' then
  return { 'ALREADY_PAID', json }
elseif order.status ~= 'RESERVED' then
  return { 'NOT_PAYABLE', json }
end
local now = now_ms()
if now > order.payBy then
  return { 'EXPIRED', release_order(KEYS[1], KEYS[2], KEYS[3], KEYS[5], KEYS[6], order, 'EXPIRED', now) }
end
order.status = 'PAID'
order.version = order.version + 1
order.updatedAt = now
order.paymentRef = ARGV[2]
redis.call('HINCRBY', KEYS[1], 'paid', order.quantity)
redis.call('ZREM', KEYS[6], order.id)
return { 'PAID', save_order(KEYS[3], KEYS[5], order) }
