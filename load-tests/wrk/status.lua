-- Status counting: every response counted by status, and by problem type for 4xx/5xx
-- ("409 sold-out", "409 no-claims-left", from the RFC 9457 body's "type"), so expected refusals
-- and real failures stay apart. done() prints one machine-readable line the driver parses:
--   WRK_RESULT {"requests":..,"durationUs":..,"p50Us":..,"p90Us":..,"p99Us":..,"maxUs":..,
--               "cpuUs":..,"errors":{..},"statuses":{"200":..,"409 sold-out":..}}
-- cpuUs is wrk's own CPU time (user + system, all its threads, from getrusage) for the client
-- CPU share the table prints.
local ffi = require("ffi")

ffi.cdef [[
  struct bench_timeval { long tv_sec; long tv_usec; };
  struct bench_rusage { struct bench_timeval ru_utime; struct bench_timeval ru_stime; long ru_rest[14]; };
  int getrusage(int who, struct bench_rusage *usage);
]]

local status = {}

-- Per thread (each wrk thread has its own Lua state).
status.counts = {}

function status.count(code, body)
  local key = code
  if code >= 400 then
    local kind = body and body:match('"type"%s*:%s*"[^"]*/([a-z-]+)"')
    key = kind and (code .. " " .. kind) or tostring(code)
  end
  status.counts[key] = (status.counts[key] or 0) + 1
end

local function cpu_micros()
  local usage = ffi.new("struct bench_rusage")
  if ffi.C.getrusage(0, usage) ~= 0 then
    return -1
  end
  return (tonumber(usage.ru_utime.tv_sec) + tonumber(usage.ru_stime.tv_sec)) * 1000000
    + tonumber(usage.ru_utime.tv_usec) + tonumber(usage.ru_stime.tv_usec)
end

local function json_object(map)
  local parts = {}
  for key, value in pairs(map) do
    parts[#parts + 1] = string.format('"%s":%d', tostring(key), value)
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

-- In wrk's main Lua state: threads is the list setup() collected.
function status.report(threads, summary, latency)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("counts") or {}
    for key, value in pairs(counts) do
      local name = tostring(key)
      merged[name] = (merged[name] or 0) + value
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"cpuUs":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, cpu_micros(), errors.connect, errors.read, errors.write,
    errors.timeout, json_object(merged)))
end

return status
