-- Moves one outbox entry that PostgreSQL refused to the campaign's dead-letter stream, in one step: the entry is
-- never both pending and dead (a replay would write it twice) nor in neither (lost). Its fields are copied as
-- they are, plus the error and its outbox id.
-- KEYS: 1 outbox stream, 2 dead-letter stream
-- ARGV: 1 consumer group, 2 entry id, 3 error text
-- Returns: 1 when moved, 0 when the entry was no longer in the outbox (another node moved it first).
local outbox_key = KEYS[1]
local dead_key = KEYS[2]
local group, id, error_text = ARGV[1], ARGV[2], ARGV[3]
local found = redis.call('XRANGE', outbox_key, id, id)
redis.call('XACK', outbox_key, group, id)
if #found == 0 then
  return 0
end
local fields = found[1][2]
fields[#fields + 1] = 'error'
fields[#fields + 1] = error_text
fields[#fields + 1] = 'outboxId'
fields[#fields + 1] = id
redis.call('XADD', dead_key, '*', unpack(fields))
redis.call('XDEL', outbox_key, id)
return 1
