-- The session's owner buys at the current price (the floor once every cut is made): one unit is
-- reserved now, an order RESERVED. Asking again while that order holds returns it; once it expires unpaid the
-- session reopens (release_purchase) and a purchase makes a new order.
-- KEYS: see bargain_lib.lua
-- ARGV: 1 session id, 2 owner id, 3 order id, 4 session channel prefix
-- Returns: {outcome, order JSON or detail, session JSON or ''}: RESERVED, DUPLICATE; NOT_FOUND (the campaign has no state), SESSION_NOT_FOUND,
--   NOT_OWNER, SOLD_OUT, CANCELLED; LIMIT_REACHED -> "held:limit"; SESSION_CLOSED -> status
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 'NOT_FOUND', '', '' }
end
local session = load_session(KEYS, ARGV[1])
if not session then
  return { 'SESSION_NOT_FOUND', '', '' }
elseif session.ownerId ~= ARGV[2] then
  return { 'NOT_OWNER', '', '' }
elseif session.orderId then
  return { 'DUPLICATE', redis.call('HGET', KEYS[3], session.orderId), redis.call('HGET', KEYS[7], session.id) }
end
local now = now_ms()
local view = bargain_view(KEYS[1], now)
-- A cancelled campaign answers first. A session never outlives its campaign (its deadline is at the latest the
-- end, and it exists only once the campaign started): past the end it answers by its session, SESSION_CLOSED.
local refusal = campaign_gate(view)
if refusal == 'CANCELLED' then
  return { refusal, '', '' }
elseif session.status ~= 'OPEN' and session.status ~= 'COMPLETED' then
  return { 'SESSION_CLOSED', session.status, '' }
elseif now >= session.deadline then
  return { 'SESSION_CLOSED', 'EXPIRED', '' }
elseif view.stockLeft < 1 then
  return { 'SOLD_OUT', '', '' }
end
local held = tonumber(redis.call('HGET', KEYS[2], session.ownerId) or '0')
if held + 1 > view.perUserLimit then
  return { 'LIMIT_REACHED', held .. ':' .. view.perUserLimit, '' }
end
redis.call('HINCRBY', KEYS[1], 'sold', 1)
redis.call('HINCRBY', KEYS[2], session.ownerId, 1)
local pay_by = now + tonumber(redis.call('HGET', KEYS[1], 'payWindowMs'))
local order = {
  id = ARGV[3], campaignId = view.id, kind = 'BARGAIN', userId = session.ownerId, quantity = 1,
  unitPrice = session.currentPrice, currency = view.currency, status = 'RESERVED', version = 1, createdAt = now,
  updatedAt = now, payBy = pay_by, idempotencyKey = session.id, paymentRef = ''
}
local order_json = save_order(KEYS[3], KEYS[5], order)
redis.call('ZADD', KEYS[6], pay_by, order.id)
session.orderId = order.id
close_session(KEYS, session, 'PURCHASED')
return { 'RESERVED', order_json, save_session(KEYS, session, ARGV[4], now) }
