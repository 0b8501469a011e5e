-- Marks a reserved order paid, or expires it if its pay window has passed.
-- KEYS: 1 state, 2 buyers, 3 orders, 4 outbox, 5 timers
-- ARGV: 1 orderId, 2 payment reference, 3 live channel
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order, refusal = payable_order(KEYS[3], ARGV[1], { PAID = true })
if not order then
  return refusal
end
local now = now_ms()
if now > order.payBy then
  -- The timer has not run yet; expiring here keeps the answer and the stock consistent.
  local json = release_order(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], order, 'EXPIRED', now)
  publish_sale(KEYS[1], ARGV[3], now)
  return { 'EXPIRED', json }
end
return { 'PAID', mark_paid(KEYS[1], KEYS[3], KEYS[4], KEYS[5], order, ARGV[2], now) }
