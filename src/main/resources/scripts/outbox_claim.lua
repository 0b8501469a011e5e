-- Takes over outbox entries that another consumer read but never acknowledged (it died).
-- KEYS: 1 outbox stream
-- ARGV: 1 group, 2 consumer, 3 min idle ms, 4 count
-- Returns: the XAUTOCLAIM reply's entries: {{id, {field, value, ...}}, ...}
local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
return reply[2]
