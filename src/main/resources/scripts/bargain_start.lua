-- Starts a bargain session for a shopper: one open session per shopper per campaign, at most
-- perUserLimit sessions in all. The split of listPrice - floorPrice into cuts comes precomputed.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session id, 2 owner id, 3 owner name, 4 split (comma-separated amounts, first cut first),
--       5 session channel prefix
-- Returns: {outcome, session JSON or detail}: STARTED; SESSION_EXISTS -> open session id;
--   LIMIT_REACHED -> "started:limit"; NOT_STARTED -> startsAt; NOT_FOUND, CANCELLED, ENDED, SOLD_OUT -> ''
local session_id, owner, owner_name, split, session_prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local now = now_ms()
local campaign = view(now)
local refusal, detail = campaign_gate(campaign)
if refusal then
  return { refusal, detail }
elseif campaign.status == 'SOLD_OUT' then
  return { 'SOLD_OUT', '' }
end
local open = redis.call('HGET', owners_key, owner)
if open then
  return { 'SESSION_EXISTS', open }
end
local started = tonumber(redis.call('HGET', starts_key, owner) or '0')
if started >= campaign.perUserLimit then
  return { 'LIMIT_REACHED', started .. ':' .. campaign.perUserLimit }
end
local session = {
  id = session_id, campaignId = campaign.id, ownerId = owner, ownerName = owner_name, status = 'OPEN',
  listPrice = campaign.listPrice, floorPrice = campaign.floorPrice, currentPrice = campaign.listPrice,
  currency = campaign.currency, cutsLeft = campaign.helpersNeeded, helpersNeeded = campaign.helpersNeeded,
  deadline = math.min(now + campaign.sessionTtlMs, campaign.endsAt), createdAt = now, updatedAt = now, version = 0,
  cuts = {}
}
redis.call('HINCRBY', starts_key, owner, 1)
redis.call('HSET', owners_key, owner, session.id)
redis.call('HSET', splits_key, session.id, split)
redis.call('HINCRBY', state_key, 'openSessions', 1)
redis.call('ZADD', timers_key, session.deadline, 's:' .. session.id)
return { 'STARTED', save_session(session, session_prefix, now) }
