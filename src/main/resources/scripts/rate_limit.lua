-- Takes one token from a subject's bucket for one endpoint class (a token bucket refilled continuously).
-- KEYS: 1 bucket, a hash {tokens, at} under the subject's own tag (e.g. {rl:user:u1}:purchase)
-- ARGV: 1 capacity, the burst, whole tokens (>= 1); 2 refill, tokens added per second (> 0, may be fractional)
-- Returns: {allowed (1 or 0), tokens left (whole), milliseconds until a token is there (0 when allowed)}
-- Clock: Redis TIME (now_ms, from campaign_lib.lua), so every node refills the same bucket alike. A bucket absent
-- means full; an accepted request sets PEXPIRE to the time a full refill takes, so idle buckets vanish
-- exactly when forgetting them changes nothing. A refused request writes nothing: a flood costs reads only.
local bucket_key = KEYS[1]
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000

local now = now_ms()
local state = redis.call('HMGET', bucket_key, 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * per_ms)
  at = now
end

if tokens < 1 then
  return { 0, 0, math.ceil((1 - tokens) / per_ms) }
end
tokens = tokens - 1
redis.call('HSET', bucket_key, 'tokens', tostring(tokens), 'at', at)
redis.call('PEXPIRE', bucket_key, math.ceil((capacity - tokens) / per_ms) + 1000)
return { 1, math.floor(tokens), 0 }
