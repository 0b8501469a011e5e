-- Applies the due timers of one bargain campaign: sessions past their deadline without a purchase
-- are EXPIRED, unpaid purchases past their pay window expire, give their unit back and reopen their
-- session (see release_purchase). Running it twice, or on two nodes at once, is harmless: each member
-- is applied once and statuses are checked.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session channel prefix, 2 max members per run
-- Returns: {members applied, lag in ms of the oldest applied member (0 when none)}
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
if #due == 0 then
  return { 0, 0 }
end
local lag = now - tonumber(due[2])
for i = 1, #due, 2 do
  local member = due[i]
  if string.sub(member, 1, 2) == 's:' then
    local session = load_session(KEYS, string.sub(member, 3))
    if session and (session.status == 'OPEN' or session.status == 'COMPLETED') then
      close_session(KEYS, session, 'EXPIRED')
      save_session(KEYS, session, ARGV[1], now)
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    release_purchase(KEYS, member, 'EXPIRED', ARGV[1], now)
  end
  redis.call('ZREM', KEYS[6], member)
end
return { #due / 2, lag }
