-- Writes back a campaign's hot state rebuilt from PostgreSQL after Redis lost it (CampaignRecovery), in one
-- atomic step: no script serves the campaign half restored, and two nodes restoring it at once write it once.
-- KEYS: 1 state, 2 outbox, 3.. the campaign's other keys the plan names (all with the campaign's hash tag)
-- ARGV: 1 plan, JSON of arrays (cjson keeps their order):
--   clear      = [key index, ..]                      leftovers deleted first (never the outbox)
--   hashes     = [[key index, [field, value, ..]], ..]
--   sortedSets = [[key index, [score, member, ..]], ..]
--   expire     = [[key index, seconds], ..]
--   state      = [field, value, ..]                   written last
-- Returns: 'RESTORED', or 'EXISTS' when the campaign has state (another node restored it first): nothing
--   is written then.
local state_key = KEYS[1]
local outbox_key = KEYS[2]
-- The plan names keys by their index in this list.
local campaign_keys = KEYS
if redis.call('EXISTS', state_key) == 1 then
  return 'EXISTS'
end
local plan = cjson.decode(ARGV[1])

-- HSET and ZADD take at most a few thousand arguments at once (Lua's unpack limit): write in chunks.
local function chunked(command, key, items)
  for i = 1, #items, 1000 do
    redis.call(command, key, unpack(items, i, math.min(i + 999, #items)))
  end
end

for _, index in ipairs(plan.clear) do
  redis.call('DEL', campaign_keys[index])
end
for _, entry in ipairs(plan.hashes) do
  chunked('HSET', campaign_keys[entry[1]], entry[2])
end
for _, entry in ipairs(plan.sortedSets) do
  chunked('ZADD', campaign_keys[entry[1]], entry[2])
end
for _, entry in ipairs(plan.expire) do
  redis.call('EXPIRE', campaign_keys[entry[1]], entry[2])
end
-- The flusher's consumer group, as creation makes it (BUSYGROUP, when the stream and its group survived, is fine).
redis.pcall('XGROUP', 'CREATE', outbox_key, 'flusher', '0', 'MKSTREAM')
chunked('HSET', state_key, plan.state)
return 'RESTORED'
