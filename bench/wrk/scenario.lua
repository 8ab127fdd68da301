-- One benchmark scenario for wrk: GET a path made from a random item of a list, or POST a
-- job start with a unique job_id into a random performing repair. Counts every answer whose
-- status is not the one expected, and prints one JSON line (prefixed BENCH) at the end.
--
-- wrk ... -s scenario.lua URL -- KIND TEMPLATE LIST HEADERS EXPECTED NONCE
--   KIND      "get" or "job"
--   TEMPLATE  the path; "{}" is replaced by a random line of LIST
--   LIST      a file with one item per line, or "-"
--   HEADERS   a file of "Name: value" lines sent with every request
--   EXPECTED  the status every answer must have (e.g. 200, 201)
--   NONCE     makes job ids unique across runs

local threads = {}
local counter = 0
local job_types = {"wrapping", "brake_adjustment", "fenders", "stem_play", "reflectors",
                   "brake_cable", "dashboard_controller", "kickstand", "parking_lock", "grips"}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  kind, template, list_path, headers_path, expected, nonce =
    args[1], args[2], args[3], args[4], tonumber(args[5]), args[6]
  items = {}
  if list_path ~= "-" then
    for line in io.lines(list_path) do
      if line ~= "" then items[#items + 1] = line end
    end
  end
  for line in io.lines(headers_path) do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
  bad = 0
  first_bad = 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  local item = #items > 0 and items[math.random(#items)] or ""
  if kind == "job" then
    counter = counter + 1
    local body = string.format('{"repair_id": "%s", "job_id": "b%s-%d-%d", "type": "%s"}',
      item, nonce, id, counter, job_types[math.random(#job_types)])
    return wrk.format("POST", template, nil, body)
  end
  return wrk.format("GET", (template:gsub("{}", item)))
end

function response(status, headers, body)
  if status ~= expected then
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local bad_total, first = 0, 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    if first == 0 then first = thread:get("first_bad") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "unexpected": %d, ' ..
    '"first_unexpected_status": %d, "socket_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, bad_total, first,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
