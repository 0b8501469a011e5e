-- Applies the due timers of one group buy: unpaid seats past their pay window are released, groups
-- at their deadline succeed (full, or saved by virtual fill) or fail (unpaid seats expire, paid ones
-- are queued for refund), phase flips are published. A seat's pay-by is capped at its group's
-- deadline, so both fall due together: a seat due when its group is past the deadline closes the
-- group first, and the seat's member stays listed with its outcome. Running it twice, or on two
-- nodes at once, is harmless: each member is applied once, then removed, and every step checks the
-- current status.
-- KEYS: see group_lib.lua
-- ARGV: 1 campaign channel, 2 group channel prefix, 3 max members per run
-- Returns: {members applied, lag in ms of the oldest applied member (0 when none)}
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
if #due == 0 then
  return { 0, 0 }
end
local lag = now - tonumber(due[2])
for i = 1, #due, 2 do
  local member = due[i]
  if string.sub(member, 1, 2) == 'g:' then
    local group = load_group(KEYS[7], string.sub(member, 3))
    if group and group.status == 'OPEN' then
      close_at_deadline(KEYS, group, now)
      save_group(KEYS, group, ARGV[2], now)
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    local json = redis.call('HGET', KEYS[3], member)
    if json then
      local order = cjson.decode(json)
      local group = (order.status == 'RESERVED') and load_group(KEYS[7], order.groupId)
      if group and group.status == 'OPEN' and now >= group.deadline then
        close_at_deadline(KEYS, group, now)
        save_group(KEYS, group, ARGV[2], now)
      elseif group and group.status == 'OPEN' then
        drop_member(KEYS, group, order_index(group, order.id), order, 'EXPIRED', now)
        save_group(KEYS, group, ARGV[2], now)
      end
    end
  end
  redis.call('ZREM', KEYS[6], member)
end
publish_group_buy(KEYS[1], ARGV[1], now)
return { #due / 2, lag }
