-- A friend cuts the price of a session once: pops the next precomputed amount, atomically.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session id, 2 helper id, 3 helper name, 4 session channel prefix, 5 seconds to keep today's help counts
-- Returns: {outcome, session JSON or detail, amount}: CUT; NOT_FOUND (the campaign has no state); SESSION_NOT_FOUND; SELF_HELP; ALREADY_HELPED; SOLD_OUT;
--   HELP_LIMIT_REACHED -> "helped:limit"; SESSION_CLOSED -> status
local session_id, helper, helper_name, session_prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local helps_ttl_seconds = tonumber(ARGV[5])
if redis.call('EXISTS', state_key) == 0 then
  return { 'NOT_FOUND', '', 0 }
end
local session = load_session(session_id)
if not session then
  return { 'SESSION_NOT_FOUND', '', 0 }
end
local now = now_ms()
if session.status ~= 'OPEN' then
  return { 'SESSION_CLOSED', session.status, 0 }
elseif now >= session.deadline then
  return { 'SESSION_CLOSED', 'EXPIRED', 0 }
elseif helper == session.ownerId then
  return { 'SELF_HELP', '', 0 }
end
for _, cut in ipairs(session.cuts) do
  if cut.helperId == helper then
    return { 'ALREADY_HELPED', '', 0 }
  end
end
-- No campaign gate: a cut answers by its session, which closes with its campaign (cancel closes it, its
-- deadline is at the latest the campaign's end). A sold-out bargain cannot be bought: a cut now would only spend the helper's daily help.
if view(now).status == 'SOLD_OUT' then
  return { 'SOLD_OUT', '', 0 }
end
local limit = tonumber(redis.call('HGET', state_key, 'helpsPerHelperPerDay'))
local helped = tonumber(redis.call('HGET', helps_key, helper) or '0')
if helped >= limit then
  return { 'HELP_LIMIT_REACHED', helped .. ':' .. limit, 0 }
end
redis.call('HINCRBY', helps_key, helper, 1)
redis.call('EXPIRE', helps_key, helps_ttl_seconds)

local split = redis.call('HGET', splits_key, session.id)
local comma = string.find(split, ',', 1, true)
local amount
if comma then
  amount = tonumber(string.sub(split, 1, comma - 1))
  redis.call('HSET', splits_key, session.id, string.sub(split, comma + 1))
else
  amount = tonumber(split)
  redis.call('HDEL', splits_key, session.id)
end
session.currentPrice = session.currentPrice - amount
session.cutsLeft = session.cutsLeft - 1
table.insert(session.cuts, { helperId = helper, name = helper_name, amount = amount,
  priceAfter = session.currentPrice, at = now })
session.lastHelper = helper_name
if session.cutsLeft == 0 then
  -- At the floor: no more cuts; the owner may still buy until the deadline.
  session.status = 'COMPLETED'
end
redis.call('XADD', outbox_key, '*', 'cut', cjson.encode({ sessionId = session.id, campaignId = session.campaignId,
  helperId = helper, name = helper_name, amount = amount, priceAfter = session.currentPrice, at = now }))
return { 'CUT', save_session(session, session_prefix, now), amount }
