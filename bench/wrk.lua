-- wrk script for bench/run.py.
-- Arguments (after --): "bust" appends a counter to the query string so that every request
-- misses the shared cache (it measures the view, not the cache); "etag=<value>" sends
-- If-None-Match. done() prints one JSON line the runner parses.

local bust = false
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function init(args)
  for _, arg in ipairs(args) do
    if arg == "bust" then
      bust = true
    elseif arg:sub(1, 5) == "etag=" then
      wrk.headers["If-None-Match"] = arg:sub(6)
    end
  end
end

function request()
  if not bust then
    return wrk.format(nil, wrk.path)
  end
  counter = counter + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "_b=" .. id .. "-" .. counter)
end

function done(summary, latency, requests)
  -- errors.status counts answers that are neither 2xx nor 3xx.
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.6f, "p50": %.3f, "p95": %.3f, "p99": %.3f, ' ..
    '"socket_errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
