-- wrk script for bench/view_counter.py. Arguments after `--`:
--   mode          "page":    GET the article page (pages count nothing: the baseline)
--                 "view":    a reader's view: GET the page, then POST its beacon, as the browser does
--                 "beacon":  POST the beacon for count_seconds, then only POSTs marked as prefetch
--                            (never counted), so that every counting request is answered before
--                            wrk stops and "counted responses" can be compared with the database
--                            exactly (HEAD would hang wrk's parser on a Content-Length without a body)
--   page          path of the article page
--   beacon        path of the article's beacon
--   count_seconds see "beacon"
-- Every beacon says it comes from our own page (Sec-Fetch-Site) and names a client
-- of its own in X-Forwarded-For (the bench trusts one proxy), so that neither the
-- repeat rule nor the per-client ceiling holds it back: each one is a new reader.
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  mode, page, beacon = args[1], args[2], args[3]
  deadline = os.time() + tonumber(args[4] or "0")
  sent = 0
  pages, counted, uncounted, server_errors, other_status = 0, 0, 0, 0, 0
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
  wrk.headers["Accept"] = "application/json, text/html"
end

local function beacon_request(prefetch)
  -- IPv6 documentation addresses (2001:db8::/32): a header value only, never a destination.
  -- wrk.format takes these instead of wrk.headers, not on top of them.
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Sec-Fetch-Site"] = "same-origin"
  headers["X-Forwarded-For"] = string.format("2001:db8::%x:%x:%x", thread_id, math.floor(sent / 65536), sent % 65536)
  if prefetch then
    headers["Sec-Purpose"] = "prefetch"
  end
  return wrk.format("POST", beacon, headers, "")
end

function request()
  sent = sent + 1
  if mode == "page" or (mode == "view" and sent % 2 == 1) then
    return wrk.format("GET", page)
  end
  return beacon_request(mode == "beacon" and os.time() >= deadline)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status ~= 200 then
    other_status = other_status + 1
  elseif body:sub(1, 9) == '{"views":' then
    if body:find('"counted": true', 1, true) then
      counted = counted + 1
    else
      uncounted = uncounted + 1
    end
  else
    pages = pages + 1
  end
end

function done(summary, latency, requests)
  local totals = {pages = 0, counted = 0, uncounted = 0, server_errors = 0, other_status = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "pages": %d, "counted": %d, "uncounted": %d, ' ..
    '"server_errors": %d, "other_status": %d, "socket_errors": %d, "latency_p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, totals.pages, totals.counted, totals.uncounted,
    totals.server_errors, totals.other_status,
    errors.connect + errors.read + errors.write + errors.timeout, latency:percentile(99) / 1000))
end
