-- Claims one of a post's coupons for a shopper, in one atomic step on the post's slot: the post is
-- ACTIVE, not the shopper's own, not claimed by them before, and has claims left. Creates the coupon
-- (id <postId>-<n>, n = the claim's number), counts the claim down, writes both versions to the outbox.
-- KEYS: 1 posts, 2 claims left, 3 the post's claimers, 4 coupons, 5 idempotency, 6 outbox
-- ARGV: 1 post id, 2 user id, 3 idempotency key, 4 post channel prefix, 5 circle events channel
-- Returns: {outcome, detail}: CLAIMED|DUPLICATE|ALREADY_CLAIMED -> the coupon JSON (CLAIMED adds the claims
--   left); KEY_REUSED -> the key's first coupon (sent for another post); NO_CLAIMS_LEFT, WITHDRAWN, OWN_POST,
--   NOT_FOUND -> ''
local posts_key, claims_left_key, claimers_key, coupons_key, idem_key, outbox_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local post_id, user, idempotency_key, post_channel_prefix, events_channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idem_field = user .. ':' .. idempotency_key

local first = redis.call('HGET', idem_key, idem_field)
if first then
  local coupon = redis.call('HGET', coupons_key, first)
  if cjson.decode(coupon).postId ~= tonumber(post_id) then
    return { 'KEY_REUSED', coupon }
  end
  return { 'DUPLICATE', coupon }
end

local post_json = redis.call('HGET', posts_key, post_id)
if not post_json then
  return { 'NOT_FOUND', '' }
end
local post = cjson.decode(post_json)
if post.authorId == user then
  return { 'OWN_POST', '' }
end
local claimed = redis.call('HGET', claimers_key, user)
if claimed then
  return { 'ALREADY_CLAIMED', redis.call('HGET', coupons_key, claimed) }
end
if post.status ~= 'ACTIVE' then
  return { 'WITHDRAWN', '' }
end
local left = tonumber(redis.call('HGET', claims_left_key, post_id) or '0')
if left < 1 then
  return { 'NO_CLAIMS_LEFT', '' }
end

local now = now_ms()
local number = post.claimsPerShare - left + 1
local coupon = {
  id = post_id .. '-' .. number, postId = post.id, userId = user, sharerId = post.authorId,
  sellerId = post.sellerId, sku = post.sku, scope = post.coupon.scope, terms = post.coupon,
  currency = post.currency, status = 'AVAILABLE', claimedAt = now, validUntil = now + post.coupon.validForMs,
  lockedBy = '', lockedAt = 0, usedBy = '', version = 1
}
local coupon_json = cjson.encode(coupon)
left = left - 1
post.claimsLeft = left
post.version = post.version + 1
post.updatedAt = now
local new_post_json = cjson.encode(post)
redis.call('HSET', coupons_key, coupon.id, coupon_json)
redis.call('HSET', claimers_key, user, coupon.id)
redis.call('HSET', claims_left_key, post_id, left)
redis.call('HSET', posts_key, post_id, new_post_json)
redis.call('HSET', idem_key, idem_field, coupon.id)
redis.call('XADD', outbox_key, '*', 'coupon', coupon_json, 'post', new_post_json)
-- Watchers learn the count only: never who claimed.
local public = { postId = post.id, claimsLeft = left, status = post.status }
-- A channel carrying a hash tag is a shard channel of this slot (sharded pub/sub); the
-- events channel has no slot (every node reads it) and stays plain.
redis.call(post_channel_prefix:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', post_channel_prefix .. post_id,
  cjson.encode({ seq = post.version, serverTime = now, state = public }))
-- The events channel is read inside the nodes only (never sent as is): the claimer's id lets the
-- node that keeps their feed page read it again (it shows "claimed by me").
redis.call('PUBLISH', events_channel, cjson.encode({ seq = 0, serverTime = now,
  state = { event = 'claims', postId = post.id, authorId = post.authorId, claimerId = user, claimsLeft = left,
            status = post.status } }))
return { 'CLAIMED', coupon_json, left }
