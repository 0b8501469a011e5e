-- Starts a bargain session for a shopper: one open session per shopper per campaign, at most
-- perUserLimit sessions in all. The split of listPrice - floorPrice into cuts comes precomputed.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session id, 2 owner id, 3 owner name, 4 split (comma-separated amounts, first cut first),
--       5 session channel prefix
-- Returns: {outcome, session JSON or detail}: STARTED; SESSION_EXISTS -> open session id;
--   LIMIT_REACHED -> "started:limit"; NOT_STARTED -> startsAt; NOT_FOUND, CANCELLED, ENDED, SOLD_OUT -> ''
local now = now_ms()
local view = bargain_view(KEYS[1], now)
local owner = ARGV[2]
local refusal, detail = campaign_gate(view)
if refusal then
  return { refusal, detail }
elseif view.status == 'SOLD_OUT' then
  return { 'SOLD_OUT', '' }
end
local open = redis.call('HGET', KEYS[9], owner)
if open then
  return { 'SESSION_EXISTS', open }
end
local started = tonumber(redis.call('HGET', KEYS[10], owner) or '0')
if started >= view.perUserLimit then
  return { 'LIMIT_REACHED', started .. ':' .. view.perUserLimit }
end
local session = {
  id = ARGV[1], campaignId = view.id, ownerId = owner, ownerName = ARGV[3], status = 'OPEN',
  listPrice = view.listPrice, floorPrice = view.floorPrice, currentPrice = view.listPrice,
  currency = view.currency, cutsLeft = view.helpersNeeded, helpersNeeded = view.helpersNeeded,
  deadline = math.min(now + view.sessionTtlMs, view.endsAt), createdAt = now, updatedAt = now, version = 0,
  cuts = {}
}
redis.call('HINCRBY', KEYS[10], owner, 1)
redis.call('HSET', KEYS[9], owner, session.id)
redis.call('HSET', KEYS[8], session.id, ARGV[4])
redis.call('HINCRBY', KEYS[1], 'openSessions', 1)
redis.call('ZADD', KEYS[6], session.deadline, 's:' .. session.id)
return { 'STARTED', save_session(KEYS, session, ARGV[5], now) }
