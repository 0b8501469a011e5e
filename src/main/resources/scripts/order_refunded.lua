-- Records a refund the payment gateway confirmed: REFUND_PENDING -> REFUNDED, once.
-- KEYS: 1 orders, 2 outbox, 3 refunds
-- ARGV: 1 order id
-- Returns: {outcome, order JSON}: REFUNDED, ALREADY (any other status, queue entry dropped), NOT_FOUND -> ''
redis.call('ZREM', KEYS[3], ARGV[1])
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then
  return { 'NOT_FOUND', '' }
end
local order = cjson.decode(json)
if order.status ~= 'REFUND_PENDING' then
  return { 'ALREADY', json }
end
order.status = 'REFUNDED'
order.version = order.version + 1
order.updatedAt = now_ms()
return { 'REFUNDED', save_order(KEYS[1], KEYS[2], order) }
