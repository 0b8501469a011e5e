-- Group-buy prelude, loaded after lib.lua in front of every group-buy script.
-- Every group-buy script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 groups, 8 open groups, 9 refunds

-- The public live view of a group-buy campaign at time `now`.
local function group_buy_view(state_key, now)
  local f = redis.call('HMGET', state_key, 'id', 'stock', 'sold', 'paid', 'startsAt', 'endsAt', 'cancelled',
    'seq', 'groupPrice', 'leaderPrice', 'soloPrice', 'currency', 'groupSize', 'perUserLimit', 'openGroups',
    'succeededGroups', 'failedGroups', 'groupTtlMs', 'minRealMembers', 'kind')
  if not f[1] or f[20] ~= 'GROUP_BUY' then
    return nil
  end
  local stock, sold = tonumber(f[2]), tonumber(f[3])
  local starts, ends = tonumber(f[5]), tonumber(f[6])
  local status = campaign_status(f[7], now, starts, ends, sold, stock)
  return {
    id = tonumber(f[1]), kind = 'GROUP_BUY', status = status, stock = stock, stockLeft = stock - sold, sold = sold,
    paid = tonumber(f[4]), startsAt = starts, endsAt = ends, groupPrice = tonumber(f[9]),
    leaderPrice = tonumber(f[10]), soloPrice = tonumber(f[11]), currency = f[12], groupSize = tonumber(f[13]),
    perUserLimit = tonumber(f[14]), openGroups = tonumber(f[15]), succeededGroups = tonumber(f[16]),
    failedGroups = tonumber(f[17]), groupTtlMs = tonumber(f[18]), minRealMembers = tonumber(f[19]),
    seq = tonumber(f[8])
  }
end

-- Bumps the campaign's seq and publishes its live state.
local function publish_group_buy(state_key, channel, now)
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  local view = group_buy_view(state_key, now)
  view.seq = seq
  redis.call('PUBLISH', channel, cjson.encode({ seq = seq, serverTime = now, state = view }))
  return view
end

local function load_group(groups_key, id)
  local json = redis.call('HGET', groups_key, id)
  if not json then
    return nil
  end
  return cjson.decode(json)
end

local function seats_taken(group)
  return #group.members
end

local function paid_members(group)
  local paid = 0
  for _, m in ipairs(group.members) do
    if m.paid then
      paid = paid + 1
    end
  end
  return paid
end

local function member_index(group, user)
  for i, m in ipairs(group.members) do
    if m.userId == user then
      return i
    end
  end
  return nil
end

-- What watchers of a group see: everything but the members' order ids.
local function public_group(group)
  local members = {}
  for i, m in ipairs(group.members) do
    members[i] = { userId = m.userId, name = m.name, paid = m.paid, leader = m.leader, joinedAt = m.joinedAt }
  end
  local copy = {}
  for k, v in pairs(group) do
    copy[k] = v
  end
  copy.members = members
  return (string.gsub(cjson.encode(copy), '"members":{}', '"members":[]'))
end

-- Stores a new version of the group, appends it to the outbox and publishes it on its own topic.
-- The version doubles as the topic's seq. An open group that is not full stays joinable.
local function save_group(keys, group, channel_prefix, now)
  group.version = group.version + 1
  group.seq = group.version
  group.updatedAt = now
  group.seatsLeft = group.size - seats_taken(group)
  group.paidMembers = paid_members(group)
  if group.status == 'OPEN' and group.seatsLeft > 0 then
    redis.call('ZADD', keys[8], seats_taken(group), group.id)
  else
    redis.call('ZREM', keys[8], group.id)
  end
  -- cjson writes an empty table as {}: a group everyone left still has a members array.
  local json = (string.gsub(cjson.encode(group), '"members":{}', '"members":[]'))
  redis.call('HSET', keys[7], group.id, json)
  redis.call('XADD', keys[5], '*', 'group', json)
  redis.call('PUBLISH', channel_prefix .. group.id,
    '{"seq":' .. group.seq .. ',"serverTime":' .. now .. ',"state":' .. public_group(group) .. '}')
  return json
end

-- Closes an open group: counters, its deadline timer.
local function close_group(keys, group, status)
  group.status = status
  redis.call('HINCRBY', keys[1], 'openGroups', -1)
  if status == 'SUCCEEDED' then
    redis.call('HINCRBY', keys[1], 'succeededGroups', 1)
  elseif status == 'FAILED' then
    redis.call('HINCRBY', keys[1], 'failedGroups', 1)
  end
  redis.call('ZREM', keys[6], 'g:' .. group.id)
end

-- A paid order whose group did not make it: its units go back now, the money once the refund
-- worker has it confirmed by the payment gateway.
local function refund_order(keys, order, now)
  order.status = 'REFUND_PENDING'
  order.version = order.version + 1
  order.updatedAt = now
  redis.call('HINCRBY', keys[1], 'sold', -order.quantity)
  redis.call('HINCRBY', keys[1], 'paid', -order.quantity)
  if redis.call('HINCRBY', keys[2], order.userId, -order.quantity) <= 0 then
    redis.call('HDEL', keys[2], order.userId)
  end
  redis.call('ZADD', keys[9], now, order.id)
  return save_order(keys[3], keys[5], order)
end

-- Settles every paid seat of a group that made it.
local function settle_group(keys, group, now)
  for _, m in ipairs(group.members) do
    local order = cjson.decode(redis.call('HGET', keys[3], m.orderId))
    if order.status == 'PAID' then
      order.status = 'SETTLED'
      order.version = order.version + 1
      order.updatedAt = now
      save_order(keys[3], keys[5], order)
    end
  end
end

-- Ends an open group that cannot succeed (deadline, kill switch): unpaid seats become
-- `unpaid_status` with their units back, paid seats are refunded.
local function unwind_group(keys, group, unpaid_status, now)
  for _, m in ipairs(group.members) do
    local order = cjson.decode(redis.call('HGET', keys[3], m.orderId))
    if order.status == 'RESERVED' then
      release_order(keys[1], keys[2], keys[3], keys[5], keys[6], order, unpaid_status, now)
    elseif order.status == 'PAID' then
      refund_order(keys, order, now)
    end
  end
end

-- Drops an unpaid member (expired or left) and releases its order with `status`.
local function drop_member(keys, group, index, order, status, now)
  table.remove(group.members, index)
  if #group.members > 0 and not group.members[1].leader then
    group.members[1].leader = true
    group.leaderId = group.members[1].userId
  end
  return release_order(keys[1], keys[2], keys[3], keys[5], keys[6], order, status, now)
end
