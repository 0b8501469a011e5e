-- Bargain prelude, loaded after campaign_lib.lua in front of every bargain script.
-- Every bargain script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 sessions, 8 splits, 9 owners (user -> open
--   session), 10 starts (user -> sessions started), 11 helps of today (helper -> sessions helped)
local state_key = KEYS[1]
local buyers_key = KEYS[2]
local orders_key = KEYS[3]
local idem_key = KEYS[4]
local outbox_key = KEYS[5]
local timers_key = KEYS[6]
local sessions_key = KEYS[7]
local splits_key = KEYS[8]
local owners_key = KEYS[9]
local starts_key = KEYS[10]
local helps_key = KEYS[11]

-- The campaign's live view at time `now` (with seq), or nil when it has no state or is not a bargain.
local function view(now)
  local f = redis.call('HMGET', state_key, 'id', 'stock', 'sold', 'paid', 'startsAt', 'endsAt', 'cancelled',
    'seq', 'listPrice', 'floorPrice', 'currency', 'helpersNeeded', 'sessionTtlMs', 'perUserLimit',
    'helpsPerHelperPerDay', 'openSessions', 'kind')
  if not f[1] or f[17] ~= 'BARGAIN' then
    return nil
  end
  local stock, sold = tonumber(f[2]), tonumber(f[3])
  local starts, ends = tonumber(f[5]), tonumber(f[6])
  local status = campaign_status(f[7], now, starts, ends, sold, stock)
  return {
    id = tonumber(f[1]), kind = 'BARGAIN', status = status, stock = stock, stockLeft = stock - sold, sold = sold,
    paid = tonumber(f[4]), startsAt = starts, endsAt = ends, listPrice = tonumber(f[9]), floorPrice = tonumber(f[10]),
    currency = f[11], helpersNeeded = tonumber(f[12]), sessionTtlMs = tonumber(f[13]),
    perUserLimit = tonumber(f[14]), helpsPerHelperPerDay = tonumber(f[15]), openSessions = tonumber(f[16]),
    seq = tonumber(f[8])
  }
end

-- Bargains have no campaign topic (each session has its own, see save_session): nothing is published, seq
-- stays as it is.
local function publish(channel, now)
  return nil
end

local function load_session(id)
  local json = redis.call('HGET', sessions_key, id)
  if not json then
    return nil
  end
  return cjson.decode(json)
end

-- cjson writes an empty table as an object: a session's cuts are a list.
local function session_json(t)
  return (string.gsub(cjson.encode(t), '"cuts":{}', '"cuts":[]'))
end

-- What anyone may see of a session: exactly the fields of GET /api/bargain-sessions/{id} (times in epoch ms)
-- plus seq. Helpers by display name only; no helper ids, no order id (the topic needs no token).
-- Session.Public is the same form in Java (snapshots, reads after retirement).
local function public_session(session)
  local cuts = {}
  for i, cut in ipairs(session.cuts) do
    cuts[i] = { name = cut.name, amount = cut.amount, priceAfter = cut.priceAfter, at = cut.at }
  end
  return {
    id = session.id, campaignId = session.campaignId, ownerId = session.ownerId, ownerName = session.ownerName,
    status = session.status, listPrice = session.listPrice, floorPrice = session.floorPrice,
    currentPrice = session.currentPrice, currency = session.currency,
    cutsMade = session.helpersNeeded - session.cutsLeft, cutsLeft = session.cutsLeft, deadline = session.deadline,
    cuts = cuts, lastHelper = session.lastHelper, topic = 'bargain:' .. session.id, seq = session.version
  }
end

-- Stores a new version of the session, appends it to the outbox and publishes its public form on its
-- topic (`bargain:<id>`, not conflated: seq is the session's version).
local function save_session(session, channel_prefix, now)
  session.version = session.version + 1
  session.seq = session.version
  session.updatedAt = now
  local json = session_json(session)
  redis.call('HSET', sessions_key, session.id, json)
  redis.call('XADD', outbox_key, '*', 'session', json)
  -- A channel carrying a hash tag is a shard channel of this slot (sharded pub/sub).
  redis.call(channel_prefix:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', channel_prefix .. session.id,
    '{"seq":' .. session.seq .. ',"serverTime":' .. now .. ',"state":' .. session_json(public_session(session)) .. '}')
  return json
end

-- A session stops taking cuts and purchases: it no longer counts as its owner's open session. A purchase
-- keeps the split of the cuts left: if it expires unpaid, the session reopens with them (release_purchase).
local function close_session(session, status)
  session.status = status
  if redis.call('HGET', owners_key, session.ownerId) == session.id then
    redis.call('HDEL', owners_key, session.ownerId)
  end
  if status ~= 'PURCHASED' then
    redis.call('HDEL', splits_key, session.id)
  end
  redis.call('HINCRBY', state_key, 'openSessions', -1)
  redis.call('ZREM', timers_key, 's:' .. session.id)
end

-- Undoes close_session for a bought session whose purchase went: OPEN with its cuts left (their split was
-- kept), COMPLETED at the floor; its owner's open session again, counted, with its deadline timer back.
local function reopen_session(session)
  session.status = (session.cutsLeft > 0) and 'OPEN' or 'COMPLETED'
  redis.call('HSET', owners_key, session.ownerId, session.id)
  redis.call('HINCRBY', state_key, 'openSessions', 1)
  redis.call('ZADD', timers_key, session.deadline, 's:' .. session.id)
end

-- Releases a bargain purchase that is still RESERVED with `status` (EXPIRED: pay window over; CANCELLED:
-- kill switch), exactly once: release_order gives the unit and the owner's limit back. Its session forgets
-- the order and, on expiry, reopens until its deadline so the owner can buy again; it is EXPIRED when the
-- deadline has passed or its owner has started another session meanwhile (one open session per owner), and
-- CANCELLED with the campaign. Answers whether it released anything.
local function release_purchase(order_id, status, channel_prefix, now)
  local order = release_if_reserved(state_key, buyers_key, orders_key, outbox_key, timers_key, order_id, status, now)
  if not order then
    return false
  end
  local session = load_session(order.idempotencyKey)
  if not session or session.status ~= 'PURCHASED' or session.orderId ~= order.id then
    return true
  end
  session.orderId = nil
  if status == 'EXPIRED' and now < session.deadline and redis.call('HEXISTS', owners_key, session.ownerId) == 0 then
    reopen_session(session)
  else
    session.status = (status == 'EXPIRED') and 'EXPIRED' or 'CANCELLED'
    redis.call('HDEL', splits_key, session.id)
  end
  save_session(session, channel_prefix, now)
  return true
end

-- campaign_cancel.lua's hook: a pending timer member of a cancelled bargain. An open or completed session is
-- CANCELLED (answers true); an unpaid purchase is released, its session CANCELLED too.
local function cancel_member(member, record_prefix, now)
  if string.sub(member, 1, 2) == 's:' then
    local session = load_session(string.sub(member, 3))
    if session and (session.status == 'OPEN' or session.status == 'COMPLETED') then
      close_session(session, 'CANCELLED')
      save_session(session, record_prefix, now)
      return true
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    release_purchase(member, 'CANCELLED', record_prefix, now)
  end
  return false
end

-- campaign_timers.lua's hook: a due timer member. A session past its deadline without a purchase is EXPIRED;
-- an unpaid purchase past its pay window expires, gives its unit back and reopens its session (see
-- release_purchase).
local function apply_timer(member, record_prefix, now)
  if string.sub(member, 1, 2) == 's:' then
    local session = load_session(string.sub(member, 3))
    if session and (session.status == 'OPEN' or session.status == 'COMPLETED') then
      close_session(session, 'EXPIRED')
      save_session(session, record_prefix, now)
    end
  elseif string.sub(member, 1, 6) ~= 'phase:' then
    release_purchase(member, 'EXPIRED', record_prefix, now)
  end
end
