-- Group-buy prelude, loaded after campaign_lib.lua in front of every group-buy script.
-- Every group-buy script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 groups, 8 open groups, 9 refunds
local state_key = KEYS[1]
local buyers_key = KEYS[2]
local orders_key = KEYS[3]
local idem_key = KEYS[4]
local outbox_key = KEYS[5]
local timers_key = KEYS[6]
local groups_key = KEYS[7]
-- Every OPEN group, full ones too, scored by seats taken.
local open_groups_key = KEYS[8]
local refunds_key = KEYS[9]

-- The group-buy campaign at time `now` with every field the scripts need, those the public view hides too; nil
-- when it has no state or is another kind's.
local function full_view(now)
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
local function public_group_buy(campaign)
  local public = {}
  for k, v in pairs(campaign) do
    public[k] = v
  end
  public.sold, public.paid, public.groupTtlMs = nil, nil, nil
  if public.minRealMembers == 0 then
    public.minRealMembers = nil
  end
  return public
end

-- The public live view of the campaign at time `now` (with seq), or nil when it has no state or is another
-- kind's.
local function view(now)
  local campaign = full_view(now)
  return campaign and public_group_buy(campaign)
end

-- Bumps the campaign's seq and publishes its live state on `channel`.
local function publish(channel, now)
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  local campaign = full_view(now)
  campaign.seq = seq
  redis.call('PUBLISH', channel, cjson.encode({ seq = seq, serverTime = now, state = public_group_buy(campaign) }))
  return campaign
end

local function load_group(id)
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
local function save_group(group, channel_prefix, now)
  group.version = group.version + 1
  group.updatedAt = now
  group.seatsLeft = group.size - seats_taken(group)
  group.paidMembers = paid_members(group)
  if group.status == 'OPEN' then
    redis.call('ZADD', open_groups_key, seats_taken(group), group.id)
  else
    redis.call('ZREM', open_groups_key, group.id)
  end
  -- cjson writes an empty table as {}: members stays an array.
  local json = (string.gsub(cjson.encode(group), '"members":{}', '"members":[]'))
  redis.call('HSET', groups_key, group.id, json)
  redis.call('XADD', outbox_key, '*', 'group', json)
  redis.call('PUBLISH', channel_prefix .. group.id,
    '{"seq":' .. group.version .. ',"serverTime":' .. now .. ',"state":' .. public_group(group) .. '}')
  return json
end

-- Closes an open group: counters, its deadline timer.
local function close_group(group, status)
  group.status = status
  redis.call('HINCRBY', state_key, 'openGroups', -1)
  if status == 'SUCCEEDED' then
    redis.call('HINCRBY', state_key, 'succeededGroups', 1)
  elseif status == 'FAILED' then
    redis.call('HINCRBY', state_key, 'failedGroups', 1)
  end
  redis.call('ZREM', timers_key, 'g:' .. group.id)
end

-- A paid order whose group did not make it: its units go back now, the money once the refund
-- worker has it confirmed by the payment gateway.
local function refund_order(order, now)
  order.status = 'REFUND_PENDING'
  order.version = order.version + 1
  order.updatedAt = now
  redis.call('HINCRBY', state_key, 'sold', -order.quantity)
  redis.call('HINCRBY', state_key, 'paid', -order.quantity)
  if redis.call('HINCRBY', buyers_key, order.userId, -order.quantity) <= 0 then
    redis.call('HDEL', buyers_key, order.userId)
  end
  redis.call('ZADD', refunds_key, now, order.id)
  return save_order(orders_key, outbox_key, order)
end

-- Settles every paid seat of a group that made it.
local function settle_group(group, now)
  for _, m in ipairs(group.members) do
    local order = cjson.decode(redis.call('HGET', orders_key, m.orderId))
    if order.status == 'PAID' then
      order.status = 'SETTLED'
      order.version = order.version + 1
      order.updatedAt = now
      save_order(orders_key, outbox_key, order)
      m.seat = 'SETTLED'
    end
  end
end

-- Ends an open group that cannot succeed (deadline, kill switch): unpaid seats become
-- `unpaid_status` with their units back, paid seats are refunded. Members stay listed with
-- what became of their seat.
local function unwind_group(group, unpaid_status, now)
  for _, m in ipairs(group.members) do
    local order = cjson.decode(redis.call('HGET', orders_key, m.orderId))
    if order.status == 'RESERVED' then
      release_order(state_key, buyers_key, orders_key, outbox_key, timers_key, order, unpaid_status, now)
      m.seat = unpaid_status
    elseif order.status == 'PAID' then
      refund_order(order, now)
      m.seat = 'REFUNDED'
    end
  end
end

-- A group at its deadline succeeds (every seat paid, or enough for virtual fill: its unpaid seats
-- expire) or fails. Everyone holding a seat then stays listed with the outcome of the seat.
local function close_at_deadline(group, now)
  local min_real = tonumber(redis.call('HGET', state_key, 'minRealMembers') or '0') or 0
  local paid = paid_members(group)
  if paid == group.size or (min_real > 0 and paid >= min_real) then
    for _, m in ipairs(group.members) do
      if seat_of(m) == 'HELD' then
        release_if_reserved(state_key, buyers_key, orders_key, outbox_key, timers_key, m.orderId, 'EXPIRED', now)
        m.seat = 'EXPIRED'
      end
    end
    group.virtualFill = paid < group.size
    close_group(group, 'SUCCEEDED')
    settle_group(group, now)
  else
    close_group(group, 'FAILED')
    unwind_group(group, 'EXPIRED', now)
  end
end

-- An unpaid member of an open group lets its seat go (expired, or left) and its order is released
-- with `status`. While others hold seats the member is removed, so the seat is free again, and if
-- it led the group the earliest remaining member leads now (the leader price stays with the
-- opener's order). The last seat holder stays listed with `status` and the group is CANCELLED:
-- a group's leaderId always names a listed member.
local function drop_member(group, index, order, status, now)
  local json = release_order(state_key, buyers_key, orders_key, outbox_key, timers_key, order, status, now)
  if seats_taken(group) <= 1 then
    group.members[index].seat = status
    close_group(group, 'CANCELLED')
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

-- campaign_cancel.lua's hook: a pending timer member of a cancelled group buy. An open group is cancelled: its
-- unpaid seats are released, its paid seats refunded; answers whether it was one. Groups that already
-- succeeded stay settled; seats' pay windows go with their group.
local function cancel_member(member, record_prefix, now)
  if string.sub(member, 1, 2) ~= 'g:' then
    return false
  end
  local group = load_group(string.sub(member, 3))
  if not group or group.status ~= 'OPEN' then
    return false
  end
  close_group(group, 'CANCELLED')
  unwind_group(group, 'CANCELLED', now)
  save_group(group, record_prefix, now)
  return true
end

-- campaign_timers.lua's hook: a due timer member. A group at its deadline succeeds (full, or saved by virtual
-- fill) or fails (unpaid seats expire, paid ones are queued for refund); an unpaid seat past its pay window is
-- released. A seat's pay-by is capped at its group's deadline, so both fall due together: a seat due when its
-- group is past the deadline closes the group first, and the seat's member stays listed with its outcome.
local function apply_timer(member, record_prefix, now)
  if string.sub(member, 1, 2) == 'g:' then
    local group = load_group(string.sub(member, 3))
    if group and group.status == 'OPEN' then
      close_at_deadline(group, now)
      save_group(group, record_prefix, now)
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    local json = redis.call('HGET', orders_key, member)
    if json then
      local order = cjson.decode(json)
      local group = (order.status == 'RESERVED') and load_group(order.groupId)
      if group and group.status == 'OPEN' and now >= group.deadline then
        close_at_deadline(group, now)
        save_group(group, record_prefix, now)
      elseif group and group.status == 'OPEN' then
        drop_member(group, order_index(group, order.id), order, 'EXPIRED', now)
        save_group(group, record_prefix, now)
      end
    end
  end
end
