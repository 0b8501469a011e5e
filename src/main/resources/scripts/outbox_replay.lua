-- Moves a campaign's oldest dead letters back into its outbox (after a fix), without the fields the dead-letter
-- step added, so the flusher writes them again; the version guards make an older version a no-op.
-- KEYS: 1 dead-letter stream, 2 outbox stream
-- ARGV: 1 most entries to move
-- Returns: the number of entries moved (fewer than ARGV[1] when none are left).
local dead_key = KEYS[1]
local outbox_key = KEYS[2]
local entries = redis.call('XRANGE', dead_key, '-', '+', 'COUNT', tonumber(ARGV[1]))
for _, entry in ipairs(entries) do
  local original = {}
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] ~= 'error' and fields[i] ~= 'outboxId' then
      original[#original + 1] = fields[i]
      original[#original + 1] = fields[i + 1]
    end
  end
  if #original > 0 then
    redis.call('XADD', outbox_key, '*', unpack(original))
  end
  redis.call('XDEL', dead_key, entry[1])
end
return #entries
