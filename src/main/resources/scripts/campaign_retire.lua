-- Lets the keys of a finished campaign expire once nothing is left to do: it has ended or was cancelled,
-- no timer or refund is pending, its outbox is fully flushed and it holds no dead letter (a record PostgreSQL
-- refused is not in PostgreSQL yet: its keys must not expire before ops replay it).
-- KEYS: 1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 groups, 8 open groups, 9 refunds,
--       10 sessions, 11 splits, 12 owners, 13 starts, 14 dead letters, 15 transfers, 16 credits (CampaignKeys.all();
--       every one gets the TTL; a bucketed flash sale retires each bucket by its own keys)
-- ARGV: 1 retention seconds
-- Returns: 1 when retired (the caller drops it from the active set), 0 otherwise; 0 for a campaign without a
--   state hash: Redis lost it (a flusher that read the active set just before the loss calls this on keys that
--   are gone), and retiring it would mark it retired in PostgreSQL, so it would never be rebuilt.
local state_key = KEYS[1]
local outbox_key = KEYS[5]
local timers_key = KEYS[6]
local refunds_key = KEYS[9]
local dead_key = KEYS[14]
-- Every key of the campaign: each gets the TTL.
local campaign_keys = KEYS
local retention_seconds = tonumber(ARGV[1])
if redis.call('ZCARD', timers_key) > 0 or redis.call('XLEN', outbox_key) > 0 or redis.call('ZCARD', refunds_key) > 0
    or redis.call('XLEN', dead_key) > 0 then
  return 0
end
local f = redis.call('HMGET', state_key, 'endsAt', 'cancelled')
if not f[1] or (f[2] ~= '1' and now_ms() < tonumber(f[1])) then
  return 0
end
for _, key in ipairs(campaign_keys) do
  redis.call('EXPIRE', key, retention_seconds)
end
return 1
