-- wrk script for bench/load_bench.py: each wrk thread is one logged-in reader.
--
--   wrk -t8 -c8 -d60s -s bench/load.lua URL -- PATHS COOKIES FIRST_READER HTMX THINK_MS
--
-- PATHS: a file of URL paths, cycled through; COOKIES: one "Cookie:" value per reader;
-- FIRST_READER: which cookie thread 1 uses; HTMX: "htmx" sends the panel's HTMX headers;
-- THINK_MS: mean pause between a reader's requests (uniform over 0.5x..1.5x; 0: none).
-- done() writes counts and the whole latency histogram (microseconds) as JSON to the file
-- named by NEWSDESK_WRK_OUT, so the caller can merge URL kinds into overall percentiles.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
  local cookies = {}
  for line in io.lines(args[2]) do
    table.insert(cookies, line)
  end
  cookie = cookies[(tonumber(args[3]) + id - 1) % #cookies + 1]
  htmx = args[4] == "htmx"
  think = tonumber(args[5])
  math.randomseed(id * 7919 + os.time())
  index = math.random(#paths)
  non2xx = 0
end

function request()
  index = index % #paths + 1
  local headers = { Cookie = cookie }
  if htmx then
    headers["HX-Request"] = "true"
    headers["HX-Target"] = "panel"
  end
  return wrk.format("GET", paths[index], headers)
end

function delay()
  if think <= 0 then
    return 0
  end
  return math.floor(think * (0.5 + math.random()))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local buckets = {}
  for i = 1, #latency do
    local value, count = latency(i)
    table.insert(buckets, string.format("[%d,%d]", value, count))
  end
  local e = summary.errors
  local out = io.open(os.getenv("NEWSDESK_WRK_OUT"), "w")
  out:write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"histogram":[%s]}\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.status,
    e.timeout, table.concat(buckets, ",")))
  out:close()
end
