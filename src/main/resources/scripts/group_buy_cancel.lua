-- Kill switch: stops the group buy at once. Open groups are cancelled: unpaid seats are released,
-- paid seats are refunded. Groups that already succeeded stay settled.
-- KEYS: see group_lib.lua
-- ARGV: 1 campaign channel, 2 group channel prefix
-- Returns: {outcome, groups cancelled}: CANCELLED, ALREADY_CANCELLED, NOT_FOUND
if redis.call('HGET', KEYS[1], 'kind') ~= 'GROUP_BUY' then
  return { 'NOT_FOUND', 0 }
end
if redis.call('HGET', KEYS[1], 'cancelled') == '1' then
  return { 'ALREADY_CANCELLED', 0 }
end
local now = now_ms()
redis.call('HSET', KEYS[1], 'cancelled', 1)
local cancelled = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[6], 0, -1)) do
  if string.sub(id, 1, 2) == 'g:' then
    local group = load_group(KEYS[7], string.sub(id, 3))
    if group and group.status == 'OPEN' then
      close_group(KEYS, group, 'CANCELLED')
      unwind_group(KEYS, group, 'CANCELLED', now)
      save_group(KEYS, group, ARGV[2], now)
      cancelled = cancelled + 1
    end
  end
end
redis.call('DEL', KEYS[6])
publish_group_buy(KEYS[1], ARGV[1], now)
return { 'CANCELLED', cancelled }
