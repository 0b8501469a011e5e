-- Withdraws a post whose order was refunded: no claims are left (the unclaimed coupons are void); the
-- coupons already claimed stay valid. Harmless twice.
-- KEYS: 1 posts, 2 claims left, 3 outbox
-- ARGV: 1 post id, 2 post channel prefix, 3 circle events channel
-- Returns: WITHDRAWN, ALREADY (withdrawn before) or NOT_FOUND
local posts_key, claims_left_key, outbox_key = KEYS[1], KEYS[2], KEYS[3]
local post_id, post_channel_prefix, events_channel = ARGV[1], ARGV[2], ARGV[3]

local post_json = redis.call('HGET', posts_key, post_id)
if not post_json then
  return 'NOT_FOUND'
end
local post = cjson.decode(post_json)
if post.status == 'WITHDRAWN' then
  return 'ALREADY'
end
local now = now_ms()
post.status = 'WITHDRAWN'
post.claimsLeft = 0
post.version = post.version + 1
post.updatedAt = now
local json = cjson.encode(post)
redis.call('HSET', posts_key, post_id, json)
redis.call('HSET', claims_left_key, post_id, 0)
redis.call('XADD', outbox_key, '*', 'post', json)
local public = { postId = post.id, claimsLeft = 0, status = post.status }
-- A channel carrying a hash tag is a shard channel of this slot (sharded pub/sub); the
-- events channel has no slot (every node reads it) and stays plain.
redis.call(post_channel_prefix:find('{', 1, true) and 'SPUBLISH' or 'PUBLISH', post_channel_prefix .. post_id,
  cjson.encode({ seq = post.version, serverTime = now, state = public }))
redis.call('PUBLISH', events_channel, cjson.encode({ seq = 0, serverTime = now,
  state = { event = 'claims', postId = post.id, authorId = post.authorId, claimsLeft = 0, status = post.status } }))
return 'WITHDRAWN'
