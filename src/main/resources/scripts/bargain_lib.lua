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

-- Stores a new version of the session, appends it to the outbox and publishes it on its topic
-- (`bargain:<id>`, not conflated: seq is the session's version).
local function save_session(keys, session, channel_prefix, now)
  session.version = session.version + 1
  session.seq = session.version
  session.updatedAt = now
  local json = (string.gsub(cjson.encode(session), '"cuts":{}', '"cuts":[]'))
  redis.call('HSET', keys[7], session.id, json)
  redis.call('XADD', keys[5], '*', 'session', json)
  redis.call('PUBLISH', channel_prefix .. session.id,
    '{"seq":' .. session.seq .. ',"serverTime":' .. now .. ',"state":' .. json .. '}')
  return json
end

-- A session stops taking cuts and purchases: it no longer counts as its owner's open session.
local function close_session(keys, session, status)
  session.status = status
  if redis.call('HGET', keys[9], session.ownerId) == session.id then
    redis.call('HDEL', keys[9], session.ownerId)
  end
  redis.call('HDEL', keys[8], session.id)
  redis.call('HINCRBY', keys[1], 'openSessions', -1)
  redis.call('ZREM', keys[6], 's:' .. session.id)
end
