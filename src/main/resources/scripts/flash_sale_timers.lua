-- Applies the due timers of one sale: expires unpaid reservations, publishes phase flips.
-- Running it twice, or on two nodes at once, is harmless: each member is applied once, then removed.
-- KEYS: 1 state, 2 buyers, 3 orders, 4 outbox, 5 timers
-- ARGV: 1 live channel, 2 max members per run
-- Returns: {members applied, lag in ms of the oldest applied member (0 when none)}
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
if #due == 0 then
  return { 0, 0 }
end
local lag = now - tonumber(due[2])
for i = 1, #due, 2 do
  local member = due[i]
  release_if_reserved(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], member, 'EXPIRED', now)
  redis.call('ZREM', KEYS[5], member)
end
publish_sale(KEYS[1], ARGV[1], now)
return { #due / 2, lag }
