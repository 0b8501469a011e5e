-- Kill switch: stops the sale at once and cancels every unpaid reservation (paid orders stay paid).
-- KEYS: 1 state, 2 buyers, 3 orders, 4 outbox, 5 timers
-- ARGV: 1 live channel
-- Returns: {outcome, reservations cancelled}: CANCELLED, ALREADY_CANCELLED, NOT_FOUND
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 'NOT_FOUND', 0 }
end
if redis.call('HGET', KEYS[1], 'cancelled') == '1' then
  return { 'ALREADY_CANCELLED', 0 }
end
local now = now_ms()
redis.call('HSET', KEYS[1], 'cancelled', 1)
local cancelled = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
  if release_if_reserved(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], member, 'CANCELLED', now) then
    cancelled = cancelled + 1
  end
end
redis.call('DEL', KEYS[5])
publish_sale(KEYS[1], ARGV[1], now)
return { 'CANCELLED', cancelled }
