-- The session's owner buys at the current price (the floor once every cut is made): one unit is
-- reserved now, an order RESERVED. Asking again while that order holds returns it; once it expires unpaid the
-- session reopens (release_purchase) and a purchase makes a new order.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session id, 2 owner id, 3 order id, 4 session channel prefix
-- Returns: {outcome, order JSON or detail, session JSON or ''}: RESERVED, DUPLICATE; NOT_FOUND (the campaign has no state), SESSION_NOT_FOUND,
--   NOT_OWNER, SOLD_OUT, CANCELLED; LIMIT_REACHED -> "held:limit"; SESSION_CLOSED -> status
local session_id, owner, order_id, session_prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', state_key) == 0 then
  return { 'NOT_FOUND', '', '' }
end
local session = load_session(session_id)
if not session then
  return { 'SESSION_NOT_FOUND', '', '' }
elseif session.ownerId ~= owner then
  return { 'NOT_OWNER', '', '' }
elseif session.orderId then
  return { 'DUPLICATE', redis.call('HGET', orders_key, session.orderId), redis.call('HGET', sessions_key, session.id) }
end
local now = now_ms()
local campaign = view(now)
-- A cancelled campaign answers first. A session never outlives its campaign (its deadline is at the latest the
-- end, and it exists only once the campaign started): past the end it answers by its session, SESSION_CLOSED.
local refusal = campaign_gate(campaign)
if refusal == 'CANCELLED' then
  return { refusal, '', '' }
elseif session.status ~= 'OPEN' and session.status ~= 'COMPLETED' then
  return { 'SESSION_CLOSED', session.status, '' }
elseif now >= session.deadline then
  return { 'SESSION_CLOSED', 'EXPIRED', '' }
elseif campaign.stockLeft < 1 then
  return { 'SOLD_OUT', '', '' }
end
local held = tonumber(redis.call('HGET', buyers_key, session.ownerId) or '0')
if held + 1 > campaign.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. campaign.perUserLimit, '' }
end
redis.call('HINCRBY', state_key, 'sold', 1)
redis.call('HINCRBY', buyers_key, session.ownerId, 1)
local pay_by = now + tonumber(redis.call('HGET', state_key, 'payWindowMs'))
local order = {
  id = order_id, campaignId = campaign.id, kind = 'BARGAIN', userId = session.ownerId, quantity = 1,
  unitPrice = session.currentPrice, currency = campaign.currency, status = 'RESERVED', version = 1, createdAt = now,
  updatedAt = now, payBy = pay_by, idempotencyKey = session.id, paymentRef = ''
}
local order_json = save_order(orders_key, outbox_key, order)
redis.call('ZADD', timers_key, pay_by, order.id)
session.orderId = order.id
close_session(session, 'PURCHASED')
return { 'RESERVED', order_json, save_session(session, session_prefix, now) }
