-- Group-buy prelude, loaded after group_lib.lua (whose key names it uses) in front of every group-buy script:
-- how groups close (deadline, full, kill switch), what becomes of their seats, and the kind's timer and cancel
-- hooks.

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
