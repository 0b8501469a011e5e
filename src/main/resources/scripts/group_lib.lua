-- Group-buy prelude, loaded after campaign_lib.lua in front of every group-buy script (then group_close_lib.lua):
-- the keys, the campaign's view, groups and their topics.
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
  -- A channel carrying a hash tag is a shard channel of this slot (sharded pub/sub).
  redis.call(channel:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', channel,
    cjson.encode({ seq = seq, serverTime = now, state = public_group_buy(campaign) }))
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
  redis.call(channel_prefix:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', channel_prefix .. group.id,
    '{"seq":' .. group.version .. ',"serverTime":' .. now .. ',"state":' .. public_group(group) .. '}')
  return json
end
