-- Marks a bargain purchase paid after the gateway charged it; past its pay window it expires instead,
-- exactly as its timer would (the unit and limit come back, the session reopens: release_purchase).
-- KEYS: see bargain_lib.lua
-- ARGV: 1 order id, 2 payment JSON {ref, discount, couponId} (order.Payment), 3 session channel prefix
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order_id, payment_json, session_prefix = ARGV[1], ARGV[2], ARGV[3]
local order, refusal = payable_order(orders_key, order_id, { PAID = true })
if not order then
  return refusal
end
local now = now_ms()
if now > order.payBy then
  release_purchase(order_id, 'EXPIRED', session_prefix, now)
  return { 'EXPIRED', redis.call('HGET', orders_key, order_id) }
end
return { 'PAID', mark_paid(state_key, orders_key, outbox_key, timers_key, order, payment_json, now) }
