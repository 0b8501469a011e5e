-- Flash-sale prelude, loaded after campaign_lib.lua in front of every flash-sale script.

-- The public live view of a sale, computed from its state hash at time `now`: exactly the counters and terms
-- GET /api/flash-sales/{id} shows (times in epoch ms) plus seq; nothing the view hides (paid units).
local function sale_view(state_key, now)
  local f = redis.call('HMGET', state_key, 'id', 'stock', 'sold', 'paid', 'startsAt', 'endsAt',
    'cancelled', 'seq', 'price', 'currency', 'perUserLimit', 'kind')
  if not f[1] or (f[12] and f[12] ~= 'FLASH_SALE') then
    return nil
  end
  local stock, sold = tonumber(f[2]), tonumber(f[3])
  local starts, ends = tonumber(f[5]), tonumber(f[6])
  local status = campaign_status(f[7], now, starts, ends, sold, stock)
  return {
    id = tonumber(f[1]), status = status, stock = stock, stockLeft = stock - sold, sold = sold, startsAt = starts,
    endsAt = ends, price = tonumber(f[9]), currency = f[10], perUserLimit = tonumber(f[11]), seq = tonumber(f[8])
  }
end

-- Live message: {"seq":..,"serverTime":..,"state":{..}}; seq is bumped so watchers can order them.
-- Campaigns of other kinds have their own topics: nothing is published for them here.
local function publish_sale(state_key, channel, now)
  local view = sale_view(state_key, now)
  if not view then
    return nil
  end
  local seq = redis.call('HINCRBY', state_key, 'seq', 1)
  view.seq = seq
  redis.call('PUBLISH', channel, cjson.encode({ seq = seq, serverTime = now, state = view }))
  return view
end
