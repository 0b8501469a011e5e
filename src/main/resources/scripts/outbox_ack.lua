-- Acknowledges and deletes outbox entries that PostgreSQL holds now, in one step. As two commands, a failure
-- between them (a master killed, a lost connection) left entries acknowledged but still in the stream: never read
-- again (not pending, not new), so the outbox never drained and the campaign never retired.
-- KEYS: 1 outbox stream
-- ARGV: 1 consumer group, 2.. entry ids
-- Returns: the number of entries deleted
local outbox_key = KEYS[1]
local group = ARGV[1]
local ids = {}
for i = 2, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
redis.call('XACK', outbox_key, group, unpack(ids))
return redis.call('XDEL', outbox_key, unpack(ids))
