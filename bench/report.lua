-- wrk script for `make bench`: prints one machine-readable line with the percentiles the
-- benchmark needs (wrk's own text lacks p95). With BENCH_PATHS set (space-separated paths), or
-- BENCH_PATHS_FILE (one path a line), requests rotate through those paths instead of hitting the
-- one URL on the command line; each thread starts at its own place in the list. With
-- BENCH_COUNT_CACHE=1 it also counts the app's X-Cache: hit|miss answers.

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  table.insert(paths, path)
end
local file = os.getenv("BENCH_PATHS_FILE")
if file and file ~= "" then
  for line in io.lines(file) do
    if line ~= "" then table.insert(paths, line) end
  end
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
function init(args)
  if #paths > 0 then
    counter = (id or 0) * math.floor(#paths / 7)
  end
end

if #paths > 0 then
  request = function()
    counter = counter + 1
    return wrk.format(nil, paths[(counter % #paths) + 1])
  end
end

hits, misses = 0, 0
if os.getenv("BENCH_COUNT_CACHE") == "1" then
  response = function(status, headers, body)
    local state = headers["X-Cache"]
    if state == "hit" then
      hits = hits + 1
    elseif state == "miss" then
      misses = misses + 1
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local all_hits, all_misses = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + (thread:get("hits") or 0)
    all_misses = all_misses + (thread:get("misses") or 0)
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "errors_connect": %d, "errors_read": %d, '
      .. '"errors_write": %d, "errors_status": %d, "errors_timeout": %d, '
      .. '"cache_hits": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(95)),
    math.floor(latency:percentile(99)), math.floor(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout, all_hits, all_misses))
end
