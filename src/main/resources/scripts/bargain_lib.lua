-- Bargain prelude, loaded after lib.lua in front of every bargain script.
-- Every bargain script gets the same KEYS:
--   1 state, 2 buyers, 3 orders, 4 idem, 5 outbox, 6 timers, 7 sessions, 8 splits, 9 owners (user -> open
--   session), 10 starts (user -> sessions started), 11 helps of today (helper -> sessions helped)

-- The campaign's view at time `now`, or nil when it is not a bargain.
local function bargain_view(state_key, now)
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

local function load_session(keys, id)
  local json = redis.call('HGET', keys[7], id)
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
local function save_session(keys, session, channel_prefix, now)
  session.version = session.version + 1
  session.seq = session.version
  session.updatedAt = now
  local json = session_json(session)
  redis.call('HSET', keys[7], session.id, json)
  redis.call('XADD', keys[5], '*', 'session', json)
  redis.call('PUBLISH', channel_prefix .. session.id,
    '{"seq":' .. session.seq .. ',"serverTime":' .. now .. ',"state":' .. session_json(public_session(session)) .. '}')
  return json
end

-- A session stops taking cuts and purchases: it no longer counts as its owner's open session. A purchase
-- keeps the split of the cuts left: if it expires unpaid, the session reopens with them (release_purchase).
local function close_session(keys, session, status)
  session.status = status
  if redis.call('HGET', keys[9], session.ownerId) == session.id then
    redis.call('HDEL', keys[9], session.ownerId)
  end
  if status ~= 'PURCHASED' then
    redis.call('HDEL', keys[8], session.id)
  end
  redis.call('HINCRBY', keys[1], 'openSessions', -1)
  redis.call('ZREM', keys[6], 's:' .. session.id)
end

-- Undoes close_session for a bought session whose purchase went: OPEN with its cuts left (their split was
-- kept), COMPLETED at the floor; its owner's open session again, counted, with its deadline timer back.
local function reopen_session(keys, session)
  session.status = (session.cutsLeft > 0) and 'OPEN' or 'COMPLETED'
  redis.call('HSET', keys[9], session.ownerId, session.id)
  redis.call('HINCRBY', keys[1], 'openSessions', 1)
  redis.call('ZADD', keys[6], session.deadline, 's:' .. session.id)
end

-- Releases a bargain purchase that is still RESERVED with `status` (EXPIRED: pay window over; CANCELLED:
-- kill switch), exactly once: release_order gives the unit and the owner's limit back. Its session forgets
-- the order and, on expiry, reopens until its deadline so the owner can buy again; it is EXPIRED when the
-- deadline has passed or its owner has started another session meanwhile (one open session per owner), and
-- CANCELLED with the campaign. Answers whether it released anything.
local function release_purchase(keys, order_id, status, channel_prefix, now)
  local order = release_if_reserved(keys[1], keys[2], keys[3], keys[5], keys[6], order_id, status, now)
  if not order then
    return false
  end
  local session = load_session(keys, order.idempotencyKey)
  if not session or session.status ~= 'PURCHASED' or session.orderId ~= order.id then
    return true
  end
  session.orderId = nil
  if status == 'EXPIRED' and now < session.deadline and redis.call('HEXISTS', keys[9], session.ownerId) == 0 then
    reopen_session(keys, session)
  else
    session.status = (status == 'EXPIRED') and 'EXPIRED' or 'CANCELLED'
    redis.call('HDEL', keys[8], session.id)
  end
  save_session(keys, session, channel_prefix, now)
  return true
end
