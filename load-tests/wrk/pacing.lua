-- Paced load (an offered rate) for plain wrk, which has no wrk2 -R: delay() returns the time
-- to this thread's next slot, each thread owning 1/threads of the rate. Slots are absolute
-- (a late request does not push the later ones back), so the rate holds while connections
-- are free; when all of a thread's connections wait for answers it falls behind, as any closed
-- client does, and the measured throughput shows it. Latency is timed from the send, as wrk
-- always does (not from the slot: no coordinated-omission correction).
local ffi = require("ffi")

ffi.cdef [[
  struct bench_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clock, struct bench_timespec *now);
]]

local pacing = {}

local now_buffer = ffi.new("struct bench_timespec")

local function now_millis()
  ffi.C.clock_gettime(1, now_buffer) -- CLOCK_MONOTONIC
  return tonumber(now_buffer.tv_sec) * 1000 + tonumber(now_buffer.tv_nsec) / 1000000
end

-- A delay() for a thread's share of ratePerSecond.
function pacing.delay(rate_per_second, threads)
  local interval = 1000 * threads / rate_per_second
  local next_slot = now_millis()
  return function()
    local now = now_millis()
    next_slot = next_slot + interval
    if next_slot < now - 1000 then
      next_slot = now -- more than a second behind: do not burst to catch up
    end
    local wait = next_slot - now
    return (wait > 0) and wait or 0
  end
end

return pacing
