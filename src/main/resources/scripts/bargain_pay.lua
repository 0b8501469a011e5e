-- Marks a bargain purchase paid after the gateway charged it; past its pay window it expires instead,
-- exactly as its timer would (the unit and limit come back, the session reopens: release_purchase).
-- KEYS: see bargain_lib.lua
-- ARGV: 1 order id, 2 payment reference, 3 session channel prefix
-- Returns: {outcome, order JSON}: PAID, ALREADY_PAID, EXPIRED, NOT_PAYABLE (other status); NOT_FOUND -> ''
local order_id = ARGV[1]
local order, refusal = payable_order(KEYS[3], order_id, { PAID = true })
if not order then
  return refusal
end
local now = now_ms()
if now > order.payBy then
  release_purchase(KEYS, order_id, 'EXPIRED', ARGV[3], now)
  return { 'EXPIRED', redis.call('HGET', KEYS[3], order_id) }
end
return { 'PAID', mark_paid(KEYS[1], KEYS[3], KEYS[5], KEYS[6], order, ARGV[2], now) }
