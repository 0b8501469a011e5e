-- Ends a coupon's lock by one order, with the verdict Java drew from that order (the order status is the
-- fence): USE when the order is paid with the coupon, RELEASE when it can no longer be paid with it
-- (EXPIRED, CANCELLED, or paid without it), DECLINE when one pay attempt ended without marking the order
-- paid (gives its hold back; the last hold releases: no other attempt can still mark it paid with it).
-- Harmless twice: a coupon no longer locked by the order is left as it is.
-- KEYS: 1 coupons hash, 2 locks sorted set, 3 outbox stream, all of one circle slot
-- ARGV: 1 coupon id, 2 order id, 3 verdict USE | RELEASE | DECLINE
-- Returns: {outcome, coupon JSON}: USED, AVAILABLE, LOCKED (other holds remain), UNCHANGED (not locked by
-- the order; USE of a coupon already USED by it answers USED), CONFLICT (USE of a coupon not locked by it)
local coupons_key, locks_key, outbox_key = KEYS[1], KEYS[2], KEYS[3]
local coupon_id, order_id, verdict = ARGV[1], ARGV[2], ARGV[3]

local json = redis.call('HGET', coupons_key, coupon_id)
if not json then
  return { 'UNCHANGED', '' }
end
local coupon = cjson.decode(json)
if coupon.status == 'USED' and coupon.usedBy == order_id then
  return { 'USED', json }
elseif coupon.status ~= 'LOCKED' or coupon.lockedBy ~= order_id then
  return { verdict == 'USE' and 'CONFLICT' or 'UNCHANGED', json }
end
local outcome
if verdict == 'USE' then
  coupon.status = 'USED'
  coupon.usedBy = order_id
  outcome = 'USED'
else
  coupon.holds = (verdict == 'DECLINE') and ((tonumber(coupon.holds) or 1) - 1) or 0
  outcome = (coupon.holds > 0) and 'LOCKED' or 'AVAILABLE'
  if outcome == 'AVAILABLE' then
    coupon.status = 'AVAILABLE'
  end
end
if outcome ~= 'LOCKED' then
  coupon.lockedBy = ''
  coupon.lockedAt = 0
  coupon.holds = 0
  redis.call('ZREM', locks_key, coupon_id)
end
coupon.version = coupon.version + 1
json = cjson.encode(coupon)
redis.call('HSET', coupons_key, coupon_id, json)
redis.call('XADD', outbox_key, '*', 'coupon', json)
return { outcome, json }
