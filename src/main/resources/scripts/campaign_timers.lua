-- Applies the due timers of one campaign of any kind: each due member goes through the kind's apply_timer
-- (pay windows, group deadlines, session deadlines; phase timers do nothing but make the run publish), then is
-- removed, and the kind publishes its campaign's state. Running it twice, or on two nodes at once, is harmless:
-- each member is applied once, then removed, and every hook checks the current status.
-- KEYS: see the kind's lib
-- ARGV: 1 campaign channel ('' for a kind without a campaign topic), 2 record channel prefix (groups, sessions;
--       '' for a kind without record topics), 3 max members per run
-- Returns: {members applied, lag in ms of the oldest applied member (0 when none)}
local campaign_channel, record_prefix, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', timers_key, '-inf', now, 'WITHSCORES', 'LIMIT', 0, max)
if #due == 0 then
  return { 0, 0 }
end
local lag = now - tonumber(due[2])
for i = 1, #due, 2 do
  local member = due[i]
  apply_timer(member, record_prefix, now)
  redis.call('ZREM', timers_key, member)
end
publish(campaign_channel, now)
return { #due / 2, lag }
