-- Kill switch: stops the bargain campaign at once. Open and completed sessions are CANCELLED,
-- unpaid purchases released (their sessions CANCELLED too); paid orders stay paid.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session channel prefix
-- Returns: {outcome, sessions cancelled}: CANCELLED, ALREADY_CANCELLED, NOT_FOUND
if redis.call('HGET', KEYS[1], 'kind') ~= 'BARGAIN' then
  return { 'NOT_FOUND', 0 }
end
if redis.call('HGET', KEYS[1], 'cancelled') == '1' then
  return { 'ALREADY_CANCELLED', 0 }
end
local now = now_ms()
redis.call('HSET', KEYS[1], 'cancelled', 1)
local cancelled = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[6], 0, -1)) do
  if string.sub(member, 1, 2) == 's:' then
    local session = load_session(KEYS, string.sub(member, 3))
    if session and (session.status == 'OPEN' or session.status == 'COMPLETED') then
      close_session(KEYS, session, 'CANCELLED')
      save_session(KEYS, session, ARGV[1], now)
      cancelled = cancelled + 1
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    release_purchase(KEYS, member, 'CANCELLED', ARGV[1], now)
  end
end
redis.call('DEL', KEYS[6])
return { 'CANCELLED', cancelled }
