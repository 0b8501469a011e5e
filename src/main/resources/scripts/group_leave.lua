-- A shopper leaves a group before paying: the seat and its unit go back at once. The last seat holder
-- leaving closes the group CANCELLED (see drop_member).
-- KEYS: see group_lib.lua
-- ARGV: 1 group id, 2 user id, 3 campaign channel, 4 group channel prefix
-- Returns: {outcome, order JSON or '', group JSON or ''}:
--   LEFT; NOT_FOUND (the campaign has no state), GROUP_NOT_FOUND, NOT_MEMBER, ALREADY_PAID, GROUP_CLOSED -> group status (EXPIRED: open but past its
--   deadline, the timer is about to close it with this seat listed)
local group_id, user, channel, group_prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', state_key) == 0 then
  return { 'NOT_FOUND', '', '' }
end
local group = load_group(group_id)
if not group then
  return { 'GROUP_NOT_FOUND', '', '' }
end
local index = member_index(group, user)
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
local order = cjson.decode(redis.call('HGET', orders_key, group.members[index].orderId))
local order_json = drop_member(group, index, order, 'CANCELLED', now)
local group_json = save_group(group, group_prefix, now)
publish(channel, now)
return { 'LEFT', order_json, group_json }
