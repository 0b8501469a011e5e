-- Per-shopper bearer tokens the benchmark driver minted beforehand, one per line in a file.
-- Each wrk thread reads the whole file (a few MB for 20,000 shoppers) once, in init(), so no
-- token is minted or fetched during the load.
--
-- Returns: a list of strings, or an empty list for "none" (anonymous requests).
local tokens = {}

function tokens.read(path)
  local list = {}
  if path == nil or path == "none" then
    return list
  end
  for line in io.lines(path) do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  assert(#list > 0, "no token in " .. path)
  return list
end

return tokens
