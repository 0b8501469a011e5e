-- Shares a paid order in the circle: stores the post and its claims counter, once per order, in the
-- slot the order id picks (so "one post per order" is checked where the post is stored).
-- KEYS: 1 posts, 2 posts by order, 3 claims left, 4 idempotency, 5 outbox
-- ARGV: 1 post id, 2 post JSON (the script sets id, status, claimsLeft, version and times), 3 user id,
--       4 idempotency key, 5 circle events channel
-- Returns: {outcome, post JSON}: CREATED|DUPLICATE -> the post; ALREADY_SHARED -> the order's post;
--   KEY_REUSED -> the key's first post (the key was sent for another order)
local posts_key, by_order_key, claims_left_key, idem_key, outbox_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local post_id, post_json, user, idempotency_key, events_channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idem_field = user .. ':' .. idempotency_key
local post = cjson.decode(post_json)

local first = redis.call('HGET', idem_key, idem_field)
if first then
  local stored = redis.call('HGET', posts_key, first)
  if cjson.decode(stored).orderId ~= post.orderId then
    return { 'KEY_REUSED', stored }
  end
  return { 'DUPLICATE', stored }
end

local shared = redis.call('HGET', by_order_key, post.orderId)
if shared then
  return { 'ALREADY_SHARED', redis.call('HGET', posts_key, shared) }
end

local now = now_ms()
post.id = tonumber(post_id)
post.status = 'ACTIVE'
post.claimsLeft = post.claimsPerShare
post.version = 1
post.createdAt = now
post.updatedAt = now
local json = cjson.encode(post)
redis.call('HSET', posts_key, post_id, json)
redis.call('HSET', by_order_key, post.orderId, post_id)
redis.call('HSET', claims_left_key, post_id, post.claimsPerShare)
redis.call('HSET', idem_key, idem_field, post_id)
redis.call('XADD', outbox_key, '*', 'post', json)
-- Every node filters this one channel for each of its circle:me watchers (never sent as is).
redis.call('PUBLISH', events_channel,
  cjson.encode({ seq = 0, serverTime = now, state = { event = 'post', post = post } }))
return { 'CREATED', json }
