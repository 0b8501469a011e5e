-- Reads the live view of a bargain campaign.
-- KEYS: 1 state
-- Returns: {"seq","serverTime","state"} JSON, or false when unknown.
local now = now_ms()
local view = bargain_view(KEYS[1], now)
if not view then
  return false
end
return cjson.encode({ seq = view.seq, serverTime = now, state = view })
