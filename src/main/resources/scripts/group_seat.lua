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
local mode, user = ARGV[1], ARGV[4]
local idem_field = user .. ':' .. ARGV[6]
-- What the key was used for: OPEN, AUTO or JOIN:<group id>.
local request = (mode == 'JOIN') and ('JOIN:' .. ARGV[2]) or mode

-- A retry with the same key returns the first answer and changes nothing; the same key for another
-- request is refused.
local first = redis.call('HGET', KEYS[4], idem_field)
if first then
  local order = redis.call('HGET', KEYS[3], first)
  local group = redis.call('HGET', KEYS[7], cjson.decode(order).groupId)
  local asked = redis.call('HGET', KEYS[4], idem_field .. '#request')
  if asked and asked ~= request then
    return { 'KEY_REUSED', order, group }
  end
  return { 'DUPLICATE', order, group }
end

local now = now_ms()
local view = group_buy_view(KEYS[1], now)
local refusal, detail = campaign_gate(view)
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
  group = load_group(KEYS[7], ARGV[2])
  if not group or group.campaignId ~= view.id then
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
  local below_full = '(' .. view.groupSize
  for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[8], below_full, '-inf', 'LIMIT', 0, 100)) do
    local candidate = load_group(KEYS[7], id)
    if candidate and not joinable(candidate) then
      group = candidate
      break
    end
  end
end

if view.stockLeft < 1 then
  return { 'SOLD_OUT', tostring(view.stockLeft), '' }
end
local held = tonumber(redis.call('HGET', KEYS[2], user) or '0')
if held + 1 > view.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. view.perUserLimit, '' }
end

local leader = false
if not group then
  leader = true
  group = {
    id = ARGV[2], campaignId = view.id, status = 'OPEN', size = view.groupSize, leaderId = user,
    deadline = math.min(now + view.groupTtlMs, view.endsAt), createdAt = now, updatedAt = now, version = 0,
    members = {}
  }
  redis.call('HINCRBY', KEYS[1], 'openGroups', 1)
  redis.call('ZADD', KEYS[6], group.deadline, 'g:' .. group.id)
end

local price = view.groupPrice
if leader and view.leaderPrice then
  price = view.leaderPrice
end
local pay_by = math.min(now + tonumber(redis.call('HGET', KEYS[1], 'payWindowMs')), group.deadline)
local order = {
  id = ARGV[3], campaignId = view.id, kind = 'GROUP_BUY', userId = user, quantity = 1, unitPrice = price,
  currency = view.currency, status = 'RESERVED', version = 1, createdAt = now, updatedAt = now, payBy = pay_by,
  idempotencyKey = ARGV[6], paymentRef = '', groupId = group.id
}
redis.call('HINCRBY', KEYS[1], 'sold', 1)
redis.call('HINCRBY', KEYS[2], user, 1)
local order_json = save_order(KEYS[3], KEYS[5], order)
redis.call('HSET', KEYS[4], idem_field, order.id, idem_field .. '#request', request)
redis.call('ZADD', KEYS[6], pay_by, order.id)
table.insert(group.members, {
  userId = user, name = ARGV[5], orderId = order.id, paid = false, seat = 'HELD', leader = leader, joinedAt = now
})
local group_json = save_group(KEYS, group, ARGV[8], now)
publish_group_buy(KEYS[1], ARGV[7], now)
return { 'SEATED', order_json, group_json }
