-- A shopper leaves a group before paying: the seat and its unit go back at once. The last seat holder
-- leaving closes the group CANCELLED (see drop_member).
-- KEYS: see group_lib.lua
-- ARGV: 1 group id, 2 user id, 3 campaign channel, 4 group channel prefix
-- Returns: {outcome, order JSON or '', group JSON or ''}:
--   LEFT; NOT_FOUND (the campaign has no state), GROUP_NOT_FOUND, NOT_MEMBER, ALREADY_PAID, GROUP_CLOSED -> group status (EXPIRED: open but past its
--   deadline, the timer is about to close it with this seat listed)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 'NOT_FOUND', '', '' }
end
local group = load_group(KEYS[7], ARGV[1])
if not group then
  return { 'GROUP_NOT_FOUND', '', '' }
end
local index = member_index(group, ARGV[2])
if not index then
  return { 'NOT_MEMBER', '', '' }
elseif group.status ~= 'OPEN' then
  return { 'GROUP_CLOSED', group.status, '' }
elseif group.members[index].paid then
  return { 'ALREADY_PAID', '', '' }
end
local now = now_ms()
if now >= group.deadline then
  return { 'GROUP_CLOSED', 'EXPIRED', '' }
end
local order = cjson.decode(redis.call('HGET', KEYS[3], group.members[index].orderId))
local order_json = drop_member(KEYS, group, index, order, 'CANCELLED', now)
local group_json = save_group(KEYS, group, ARGV[4], now)
publish_group_buy(KEYS[1], ARGV[3], now)
return { 'LEFT', order_json, group_json }
