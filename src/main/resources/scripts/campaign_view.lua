-- Reads the public live view of a campaign, status computed with Redis time. Loaded once per kind, with the
-- kind's lib: its view(now) is the state watchers of the campaign's topic see.
-- KEYS: see the kind's lib
-- ARGV: none
-- Returns: the live message JSON {"seq","serverTime","state"}, or false when the campaign has no state of this
--   kind.
local now = now_ms()
local campaign = view(now)
if not campaign then
  return false
end
return cjson.encode({ seq = campaign.seq, serverTime = now, state = campaign })
