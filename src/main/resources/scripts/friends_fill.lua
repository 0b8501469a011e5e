-- Fills a shopper's cached friend list from a PostgreSQL read, unless their friendships changed since the read began
-- (a change bumps the generation after it commits), so a slow read never caches a list older than a change.
-- KEYS: 1 friends, a hash friendId -> "<since ms> <display name>" plus the marker field "~" ({u:<id>}:friends);
--       2 generation, a counter bumped on every change of the shopper's friendships ({u:<id>}:friends-gen)
-- ARGV: 1 the generation read before the PostgreSQL read ("" when there was none); 2 time to live, ms;
--       3.. field, value pairs
-- Returns: 1 when filled, 0 when the generation moved (the next read loads again)
local friends_key = KEYS[1]
local generation_key = KEYS[2]
local read_generation = ARGV[1]
local ttl_ms = tonumber(ARGV[2])

local current = redis.call('GET', generation_key) or ''
if current ~= read_generation then
  return 0
end
redis.call('DEL', friends_key)
redis.call('HSET', friends_key, '~', '', unpack(ARGV, 3))
redis.call('PEXPIRE', friends_key, ttl_ms)
return 1
