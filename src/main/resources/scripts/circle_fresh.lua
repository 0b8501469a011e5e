-- Reads what a page of the circle shows fresh from Redis for the posts of one circle slot, in one call:
-- each post's claims left and whether the viewer claimed it (a page of 20 posts costs at most one call
-- per slot instead of two commands per post).
-- KEYS: 1 claims left, 2.. the claimers of each post of ARGV (hashes postId -> count, claimer -> coupon id:
--       {circle:n}:claims-left, {circle:n}:claimers:<postId>)
-- ARGV: 1 the viewer; 2.. the post ids
-- Returns: per post, claims left (false when Redis holds no counter) then 1 or 0 for the viewer's claim
local claims_left_key = KEYS[1]
local claimers_keys = KEYS
local viewer = ARGV[1]
local answer = {}
for i = 2, #ARGV do
  answer[#answer + 1] = redis.call('HGET', claims_left_key, ARGV[i])
  answer[#answer + 1] = redis.call('HEXISTS', claimers_keys[i], viewer)
end
return answer
