-- Records a refund the payment gateway confirmed: REFUND_PENDING -> REFUNDED, once.
-- KEYS: 1 orders, 2 outbox, 3 refunds
-- ARGV: 1 order id
-- Returns: {outcome, order JSON}: REFUNDED, ALREADY (any other status, queue entry dropped), NOT_FOUND -> ''
local orders_key = KEYS[1]
local outbox_key = KEYS[2]
local refunds_key = KEYS[3]
local order_id = ARGV[1]
redis.call('ZREM', refunds_key, order_id)
local json = redis.call('HGET', orders_key, order_id)
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
return { 'REFUNDED', save_order(orders_key, outbox_key, order) }
