-- Idempotency keys, unique per request across the threads of one wrk run and across runs:
-- "<prefix>-<thread>-<n>", the prefix chosen by the driver per figure (it also names the sale).
local keys = {}

function keys.unique(prefix, thread)
  local n = 0
  local head = prefix .. "-" .. thread .. "-"
  return function()
    n = n + 1
    return head .. n
  end
end

return keys
