-- The one wrk script of load-tests/bench.sh: every HTTP figure is this script with other
-- arguments (key=value after the URL), so all figures pay the same client cost.
--
--   wrk -t2 -c64 -d20s --timeout 10s -s load-tests/wrk/bench.lua http://127.0.0.1:8080 \
--     threads=2 method=POST path=/api/flash-sales/7/purchases tokens=/tmp/shoppers.txt \
--     keys=unique:bench-7 body='{"quantity":1}'
--
-- Arguments:
--   threads=N     wrk's -t (each thread's share of the rate and its slice of the lists)
--   method=GET    the HTTP method
--   path=/p       one path, or paths=FILE (one a line)
--   tokens=FILE   bearer tokens (tokens.lua), or none
--   keys=none     no Idempotency-Key; unique:PREFIX one new key per request (keys.lua); or
--                 FILE, one a line (a replayed key is an idempotent replay)
--   body=TEXT     a JSON body (Content-Type application/json); POSTs without one send Content-Length: 0
--   rate=N        paced at N requests/s in all (pacing.lua); 0 or absent: closed loop
-- The lists are walked round-robin with one index, so lists of equal length stay aligned
-- (token i goes with path i and key i); thread t starts at item t.
-- Responses are counted by status and problem type; done() prints WRK_RESULT (status.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path

local tokens = require("tokens")
local keys = require("keys")
local status = require("status")
local pacing = require("pacing")

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

local function read_lines(path)
  local list = {}
  for line in io.lines(path) do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  return list
end

local requests      -- prebuilt request strings, when every request of the cycle is known
local heads, tails  -- the same split around the Idempotency-Key, when keys are unique
local next_key
local index, step, cycle_length

function init(args)
  local options = {}
  for _, arg in ipairs(args) do
    local name, value = arg:match("^([%w]+)=(.*)$")
    assert(name, "expected key=value, got " .. arg)
    options[name] = value
  end
  local method = options.method or "GET"
  local paths = options.paths and read_lines(options.paths) or { options.path or "/" }
  local bearers = tokens.read(options.tokens)
  local key_list = {}
  local unique = nil
  if options.keys and options.keys:match("^unique:") then
    unique = options.keys:sub(8)
  elseif options.keys and options.keys ~= "none" then
    key_list = read_lines(options.keys)
  end
  local body = options.body
  local id = wrk.thread:get("id")
  local count = tonumber(options.threads or "1")

  local cycle = math.max(#paths, #bearers, #key_list)
  local host = "Host: " .. wrk.headers["Host"] .. "\r\n"
  local tail
  if body then
    tail = "Content-Type: application/json\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
  elseif method == "POST" or method == "PUT" then
    tail = "Content-Length: 0\r\n\r\n"
  else
    tail = "\r\n"
  end
  local built_heads = {}
  for i = 0, cycle - 1 do
    local head = method .. " " .. paths[i % #paths + 1] .. " HTTP/1.1\r\n" .. host
    if #bearers > 0 then
      head = head .. "Authorization: Bearer " .. bearers[i % #bearers + 1] .. "\r\n"
    end
    if #key_list > 0 then
      head = head .. "Idempotency-Key: " .. key_list[i % #key_list + 1] .. "\r\n"
    end
    built_heads[i + 1] = head
  end
  if unique then
    heads = {}
    for i, head in ipairs(built_heads) do
      heads[i] = head .. "Idempotency-Key: "
    end
    tails = "\r\n" .. tail
    next_key = keys.unique(unique, id)
  else
    requests = {}
    for i, head in ipairs(built_heads) do
      requests[i] = head .. tail
    end
  end
  cycle_length = cycle
  index = id % cycle
  step = count % cycle
  if step == 0 then
    step = 1 -- more threads than items: each thread walks them all, from its own start
  end

  local rate = tonumber(options.rate or "0")
  if rate > 0 then
    delay = pacing.delay(rate, count)
  end
end

function request()
  local i = index + 1
  index = (index + step) % cycle_length
  if requests then
    return requests[i]
  end
  return heads[i] .. next_key() .. tails
end

-- A global: done() reads it from each thread's Lua state with thread:get("counts").
counts = status.counts

function response(code, headers, body)
  status.count(code, body)
end

function done(summary, latency, requests)
  status.report(threads, summary, latency)
end
