-- Takes over outbox entries that another consumer read but never acknowledged (it died).
-- KEYS: 1 outbox stream
-- ARGV: 1 group, 2 consumer, 3 min idle ms, 4 count
-- Returns: the XAUTOCLAIM reply's entries: {{id, {field, value, ...}}, ...}
local outbox_key = KEYS[1]
local group, consumer, min_idle_ms, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local reply = redis.call('XAUTOCLAIM', outbox_key, group, consumer, min_idle_ms, '0-0', 'COUNT', count)
return reply[2]
