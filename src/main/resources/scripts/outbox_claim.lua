-- Takes over outbox entries that another consumer read but never acknowledged (it died), and trims entries that
-- were written and acknowledged but left in the stream (an older node's ack and delete were two commands): every
-- entry older than the oldest pending one, and not newer than the last one delivered, has been flushed.
-- KEYS: 1 outbox stream
-- ARGV: 1 group (the stream's only consumer group), 2 consumer, 3 min idle ms, 4 count
-- Returns: the XAUTOCLAIM reply's entries: {{id, {field, value, ...}}, ...}
local outbox_key = KEYS[1]
local group, consumer, min_idle_ms, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local reply = redis.call('XAUTOCLAIM', outbox_key, group, consumer, min_idle_ms, '0-0', 'COUNT', count)
local pending = redis.call('XPENDING', outbox_key, group)
local bound = nil
if tonumber(pending[1]) > 0 then
  bound = pending[2]
else
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', outbox_key)) do
    local fields = {}
    for i = 1, #info, 2 do
      fields[info[i]] = info[i + 1]
    end
    if fields['name'] == group then
      local ms, seq = string.match(fields['last-delivered-id'], '^(%d+)-(%d+)$')
      bound = ms .. '-' .. string.format('%d', tonumber(seq) + 1)
    end
  end
end
if bound then
  redis.call('XTRIM', outbox_key, 'MINID', bound)
end
return reply[2]
