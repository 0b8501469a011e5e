-- Reads the public live view of a group buy (status computed with Redis time).
-- KEYS: 1 state
-- Returns: the live message JSON {"seq","serverTime","state"}, or false when unknown.
local now = now_ms()
local view = group_buy_view(KEYS[1], now)
if not view then
  return false
end
return cjson.encode({ seq = view.seq, serverTime = now, state = public_group_buy(view) })
