-- Kill switch: stops a campaign of any kind at once. Every pending timer member goes through the kind's
-- cancel_member (flash sales: unpaid reservations CANCELLED; group buys: open groups cancelled, their unpaid
-- seats released and paid ones refunded; bargains: open and completed sessions CANCELLED, unpaid purchases
-- released). Paid orders stay paid. Then the timers are gone and the kind publishes its campaign's state.
-- KEYS: see the kind's lib
-- ARGV: 1 campaign channel ('' for a kind without a campaign topic), 2 record channel prefix (groups, sessions;
--       '' for a kind without record topics)
-- Returns: {outcome, members cancelled (reservations, groups, sessions)}: CANCELLED, ALREADY_CANCELLED, NOT_FOUND
local campaign_channel, record_prefix = ARGV[1], ARGV[2]
local now = now_ms()
local campaign = view(now)
if not campaign then
  return { 'NOT_FOUND', 0 }
elseif campaign.status == 'CANCELLED' then
  return { 'ALREADY_CANCELLED', 0 }
end
redis.call('HSET', state_key, 'cancelled', 1)
local cancelled = 0
for _, member in ipairs(redis.call('ZRANGE', timers_key, 0, -1)) do
  if cancel_member(member, record_prefix, now) then
    cancelled = cancelled + 1
  end
end
redis.call('DEL', timers_key)
publish(campaign_channel, now)
return { 'CANCELLED', cancelled }
