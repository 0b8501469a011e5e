-- Reads the live view of a sale (status computed with Redis time).
-- KEYS: 1 state
-- ARGV: none
-- Returns: the live message JSON {"seq","serverTime","state"}, or false when the sale is unknown.
local now = now_ms()
local view = sale_view(KEYS[1], now)
if not view then
  return false
end
return cjson.encode({ seq = view.seq, serverTime = now, state = view })
