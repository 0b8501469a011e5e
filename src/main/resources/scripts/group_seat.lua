-- Takes a seat in a group buy for one shopper, in one atomic step: opens a group (the leader's
-- seat), joins a given group, or auto-joins the fullest open group the shopper is not in (opening
-- one when there is none). The seat's order is RESERVED until paid within the pay window.
-- KEYS: see group_lib.lua
-- ARGV: 1 mode OPEN|JOIN|AUTO, 2 group id (JOIN: the group; OPEN/AUTO: the id of a new group),
--       3 order id, 4 user id, 5 display name, 6 idempotency key, 7 campaign channel, 8 group channel prefix
-- Returns: {outcome, order JSON or detail, group JSON or ''}
--   SEATED|DUPLICATE|KEY_REUSED -> order, group (KEY_REUSED: the key's first seat, asked for another
--   request: another mode, or JOIN of another group); SOLD_OUT -> stockLeft; LIMIT_REACHED -> "held:limit";
--   NOT_STARTED -> startsAt; GROUP_CLOSED -> group status; NOT_FOUND, CANCELLED, ENDED, GROUP_NOT_FOUND,
--   GROUP_FULL, ALREADY_MEMBER -> ''
local mode, group_id, order_id, user, name = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idempotency_key, channel, group_prefix = ARGV[6], ARGV[7], ARGV[8]
local idem_field = user .. ':' .. idempotency_key
-- What the key was used for: OPEN, AUTO or JOIN:<group id>.
local request = (mode == 'JOIN') and ('JOIN:' .. group_id) or mode

-- A retry with the same key returns the first answer and changes nothing; the same key for another
-- request is refused.
local first = redis.call('HGET', idem_key, idem_field)
if first then
  local order = redis.call('HGET', orders_key, first)
  local group = redis.call('HGET', groups_key, cjson.decode(order).groupId)
  local asked = redis.call('HGET', idem_key, idem_field .. '#request')
  if asked and asked ~= request then
    return { 'KEY_REUSED', order, group }
  end
  return { 'DUPLICATE', order, group }
end

local now = now_ms()
local campaign = full_view(now)
local refusal, detail = campaign_gate(campaign)
if refusal then
  return { refusal, detail, '' }
end

local function joinable(group)
  if group.status ~= 'OPEN' or now >= group.deadline then
    return 'GROUP_CLOSED'
  elseif seats_taken(group) >= group.size then
    return 'GROUP_FULL'
  elseif member_index(group, user) then
    return 'ALREADY_MEMBER'
  end
  return nil
end

local group
if mode == 'JOIN' then
  group = load_group(group_id)
  if not group or group.campaignId ~= campaign.id then
    return { 'GROUP_NOT_FOUND', '', '' }
  end
  local refusal = joinable(group)
  if refusal == 'GROUP_CLOSED' then
    return { refusal, group.status == 'OPEN' and 'EXPIRED' or group.status, '' }
  elseif refusal then
    return { refusal, '', '' }
  end
elseif mode == 'AUTO' then
  -- Fullest first; full groups (scored at the group size) are never candidates.
  local below_full = '(' .. campaign.groupSize
  for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', open_groups_key, below_full, '-inf', 'LIMIT', 0, 100)) do
    local candidate = load_group(id)
    if candidate and not joinable(candidate) then
      group = candidate
      break
    end
  end
end

if campaign.stockLeft < 1 then
  return { 'SOLD_OUT', tostring(campaign.stockLeft), '' }
end
local held = tonumber(redis.call('HGET', buyers_key, user) or '0')
if held + 1 > campaign.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. campaign.perUserLimit, '' }
end

local leader = false
if not group then
  leader = true
  group = {
    id = group_id, campaignId = campaign.id, status = 'OPEN', size = campaign.groupSize, leaderId = user,
    deadline = math.min(now + campaign.groupTtlMs, campaign.endsAt), createdAt = now, updatedAt = now, version = 0,
    members = {}
  }
  redis.call('HINCRBY', state_key, 'openGroups', 1)
  redis.call('ZADD', timers_key, group.deadline, 'g:' .. group.id)
end

local price = campaign.groupPrice
if leader and campaign.leaderPrice then
  price = campaign.leaderPrice
end
local pay_by = math.min(now + tonumber(redis.call('HGET', state_key, 'payWindowMs')), group.deadline)
local order = {
  id = order_id, campaignId = campaign.id, kind = 'GROUP_BUY', userId = user, quantity = 1, unitPrice = price,
  currency = campaign.currency, status = 'RESERVED', version = 1, createdAt = now, updatedAt = now,
  payBy = pay_by, idempotencyKey = idempotency_key, paymentRef = '', groupId = group.id
}
redis.call('HINCRBY', state_key, 'sold', 1)
redis.call('HINCRBY', buyers_key, user, 1)
local order_json = save_order(orders_key, outbox_key, order)
redis.call('HSET', idem_key, idem_field, order.id, idem_field .. '#request', request)
redis.call('ZADD', timers_key, pay_by, order.id)
table.insert(group.members, {
  userId = user, name = name, orderId = order.id, paid = false, seat = 'HELD', leader = leader, joinedAt = now
})
local group_json = save_group(group, group_prefix, now)
publish(channel, now)
return { 'SEATED', order_json, group_json }
