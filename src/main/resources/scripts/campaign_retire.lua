-- Lets the keys of a finished sale expire once nothing is left to do: it has ended or was cancelled,
-- no timer or refund is pending and its outbox is fully flushed.
-- KEYS: 1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 groups, 8 open groups, 9 refunds
-- ARGV: 1 retention seconds
-- Returns: 1 when retired (the caller drops it from the active set), 0 otherwise.
if redis.call('ZCARD', KEYS[6]) > 0 or redis.call('XLEN', KEYS[5]) > 0 or redis.call('ZCARD', KEYS[9]) > 0 then
  return 0
end
local f = redis.call('HMGET', KEYS[1], 'endsAt', 'cancelled')
if f[1] and f[2] ~= '1' and now_ms() < tonumber(f[1]) then
  return 0
end
for i = 1, #KEYS do
  redis.call('EXPIRE', KEYS[i], tonumber(ARGV[1]))
end
return 1
