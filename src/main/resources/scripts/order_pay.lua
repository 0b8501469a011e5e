-- Marks a reserved flash-sale order paid, or expires it if its pay window has passed.
-- KEYS: see flash_sale_lib.lua
-- ARGV: 1 orderId, 2 payment JSON {ref, discount, couponId} (order.Payment), 3 live channel
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order_id, payment_json, channel = ARGV[1], ARGV[2], ARGV[3]
local order, refusal = payable_order(orders_key, order_id, { PAID = true })
if not order then
  return refusal
end
local now = now_ms()
if now > order.payBy then
  -- The timer has not run yet; expiring here keeps the answer and the stock consistent.
  local json = release_order(state_key, buyers_key, orders_key, outbox_key, timers_key, order, 'EXPIRED', now)
  publish(channel, now)
  return { 'EXPIRED', json }
end
return { 'PAID', mark_paid(state_key, orders_key, outbox_key, timers_key, order, payment_json, now) }
