-- Locks a share coupon for paying one order, the first step of redemption (see coupon.Coupons): AVAILABLE
-- and not expired, or already LOCKED by the same order (a retry after a crash, or a concurrent attempt).
-- Each lock adds a hold: an attempt that ends without marking its order paid gives its hold back
-- (coupon_settle.lua DECLINE), and only the last hold releases the coupon at once.
-- KEYS: 1 coupons hash, 2 locks sorted set, 3 outbox stream, all of one circle slot
-- ARGV: 1 coupon id, 2 payer's user id, 3 order id
-- Returns: {outcome, coupon JSON}: LOCKED; NOT_FOUND (absent, or not the payer's: JSON ''), USED, EXPIRED,
-- LOCKED_BY_OTHER (the JSON as it is)
local coupons_key, locks_key, outbox_key = KEYS[1], KEYS[2], KEYS[3]
local coupon_id, user_id, order_id = ARGV[1], ARGV[2], ARGV[3]

local json = redis.call('HGET', coupons_key, coupon_id)
if not json then
  return { 'NOT_FOUND', '' }
end
local coupon = cjson.decode(json)
if coupon.userId ~= user_id then
  return { 'NOT_FOUND', '' }
elseif coupon.status == 'USED' then
  return { 'USED', json }
elseif coupon.status == 'LOCKED' and coupon.lockedBy ~= order_id then
  return { 'LOCKED_BY_OTHER', json }
end
local now = now_ms()
if now >= tonumber(coupon.validUntil) then
  return { 'EXPIRED', json }
end
coupon.status = 'LOCKED'
coupon.lockedBy = order_id
coupon.lockedAt = now
coupon.holds = (tonumber(coupon.holds) or 0) + 1
coupon.version = coupon.version + 1
json = cjson.encode(coupon)
redis.call('HSET', coupons_key, coupon_id, json)
redis.call('ZADD', locks_key, now, coupon_id)
redis.call('XADD', outbox_key, '*', 'coupon', json)
return { 'LOCKED', json }
