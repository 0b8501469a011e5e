-- Group-buy prelude, loaded after lib.lua in front of every group-buy script.
-- Every group-buy script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 groups, 8 open groups, 9 refunds
-- Open groups (8) holds every OPEN group, full ones too, scored by seats taken.

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

-- What watchers of `group-buy:<id>` see: the fields GET /api/group-buys/{id} shows, nothing more
-- (units sold and paid, the group TTL in ms and an unused virtual-fill threshold stay inside).
local function public_group_buy(view)
  local public = {}
  for k, v in pairs(view) do
    public[k] = v
  end
  public.sold, public.paid, public.groupTtlMs = nil, nil, nil
  if public.minRealMembers == 0 then
    public.minRealMembers = nil
  end
  return public
end

-- Bumps the campaign's seq and publishes its live state.
local function publish_group_buy(state_key, channel, now)
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  local view = group_buy_view(state_key, now)
  view.seq = seq
  redis.call('PUBLISH', channel, cjson.encode({ seq = seq, serverTime = now, state = public_group_buy(view) }))
  return view
end

local function load_group(groups_key, id)
  local json = redis.call('HGET', groups_key, id)
  if not json then
    return nil
  end
  return cjson.decode(json)
end

-- What became of a member's seat: HELD (reserved, unpaid), PAID, SETTLED, EXPIRED, REFUNDED (refund
-- queued or done) or CANCELLED (left, or the kill switch). Groups written before seats had a name
-- only knew `paid`.
local function seat_of(member)
  return member.seat or (member.paid and 'PAID' or 'HELD')
end

-- Seats still taken: held, paid or settled.
local function seats_taken(group)
  local taken = 0
  for _, m in ipairs(group.members) do
    local seat = seat_of(m)
    if seat == 'HELD' or seat == 'PAID' or seat == 'SETTLED' then
      taken = taken + 1
    end
  end
  return taken
end

local function paid_members(group)
  local paid = 0
  for _, m in ipairs(group.members) do
    local seat = seat_of(m)
    if seat == 'PAID' or seat == 'SETTLED' then
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

local function order_index(group, order_id)
  for i, m in ipairs(group.members) do
    if m.orderId == order_id then
      return i
    end
  end
  return nil
end

-- What watchers of a group see, field for field what GET /api/groups/{id} answers (Group.View):
-- no order ids, times in epoch ms.
local function public_group(group)
  local members = {}
  for i, m in ipairs(group.members) do
    members[i] = { userId = m.userId, name = m.name, paid = m.paid, seat = seat_of(m), leader = m.leader,
      joinedAt = m.joinedAt }
  end
  local view = {
    id = group.id, campaignId = group.campaignId, status = group.status, size = group.size,
    seatsLeft = group.seatsLeft, full = group.seatsLeft == 0, paidMembers = group.paidMembers,
    leaderId = group.leaderId, deadline = group.deadline, virtualFill = group.virtualFill == true,
    members = members, topic = 'group:' .. group.id, version = group.version, createdAt = group.createdAt,
    updatedAt = group.updatedAt
  }
  return (string.gsub(cjson.encode(view), '"members":{}', '"members":[]'))
end

-- Stores a new version of the group, appends it to the outbox and publishes it on its own topic.
-- The version doubles as the topic's seq. Every open group is in the open set, scored by seats
-- taken: lists show full ones too, auto-join only picks scores below the group size.
local function save_group(keys, group, channel_prefix, now)
  group.version = group.version + 1
  group.updatedAt = now
  group.seatsLeft = group.size - seats_taken(group)
  group.paidMembers = paid_members(group)
  if group.status == 'OPEN' then
    redis.call('ZADD', keys[8], seats_taken(group), group.id)
  else
    redis.call('ZREM', keys[8], group.id)
  end
  -- cjson writes an empty table as {}: members stays an array.
  local json = (string.gsub(cjson.encode(group), '"members":{}', '"members":[]'))
  redis.call('HSET', keys[7], group.id, json)
  redis.call('XADD', keys[5], '*', 'group', json)
  redis.call('PUBLISH', channel_prefix .. group.id,
    '{"seq":' .. group.version .. ',"serverTime":' .. now .. ',"state":' .. public_group(group) .. '}')
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
      m.seat = 'SETTLED'
    end
  end
end

-- Ends an open group that cannot succeed (deadline, kill switch): unpaid seats become
-- `unpaid_status` with their units back, paid seats are refunded. Members stay listed with
-- what became of their seat.
local function unwind_group(keys, group, unpaid_status, now)
  for _, m in ipairs(group.members) do
    local order = cjson.decode(redis.call('HGET', keys[3], m.orderId))
    if order.status == 'RESERVED' then
      release_order(keys[1], keys[2], keys[3], keys[5], keys[6], order, unpaid_status, now)
      m.seat = unpaid_status
    elseif order.status == 'PAID' then
      refund_order(keys, order, now)
      m.seat = 'REFUNDED'
    end
  end
end

-- A group at its deadline succeeds (every seat paid, or enough for virtual fill: its unpaid seats
-- expire) or fails. Everyone holding a seat then stays listed with the outcome of the seat.
local function close_at_deadline(keys, group, now)
  local min_real = tonumber(redis.call('HGET', keys[1], 'minRealMembers') or '0') or 0
  local paid = paid_members(group)
  if paid == group.size or (min_real > 0 and paid >= min_real) then
    for _, m in ipairs(group.members) do
      if seat_of(m) == 'HELD' then
        release_if_reserved(keys[1], keys[2], keys[3], keys[5], keys[6], m.orderId, 'EXPIRED', now)
        m.seat = 'EXPIRED'
      end
    end
    group.virtualFill = paid < group.size
    close_group(keys, group, 'SUCCEEDED')
    settle_group(keys, group, now)
  else
    close_group(keys, group, 'FAILED')
    unwind_group(keys, group, 'EXPIRED', now)
  end
end

-- An unpaid member of an open group lets its seat go (expired, or left) and its order is released
-- with `status`. While others hold seats the member is removed, so the seat is free again, and if
-- it led the group the earliest remaining member leads now (the leader price stays with the
-- opener's order). The last seat holder stays listed with `status` and the group is CANCELLED:
-- a group's leaderId always names a listed member.
local function drop_member(keys, group, index, order, status, now)
  local json = release_order(keys[1], keys[2], keys[3], keys[5], keys[6], order, status, now)
  if seats_taken(group) <= 1 then
    group.members[index].seat = status
    close_group(keys, group, 'CANCELLED')
    return json
  end
  local was_leader = group.members[index].leader
  table.remove(group.members, index)
  if was_leader then
    group.members[1].leader = true
    group.leaderId = group.members[1].userId
  end
  return json
end
