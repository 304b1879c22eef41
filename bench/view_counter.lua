-- wrk script for bench/view_counter.py. Arguments after `--`:
--   mode          "off":     GET the article page as a front cache asks for it
--                            (X-View-Counter: beacon), and run no beacon: nothing counts
--                 "on":      GET the article page, counted as it is served
--                 "front":   a view through a front cache or CDN: GET the page as
--                            "off" does, then POST its beacon, as the reader's browser does
--                 "pages":   GET the page (counted) for count_seconds, then only
--                            prefetches (never counted), so that every counting
--                            request is answered before wrk stops and "counted
--                            responses" can be compared with the database exactly
--                 "beacon":  the same with the beacon: POST, then POSTs marked as prefetch
--                            (HEAD would hang wrk's parser on a Content-Length without a body)
--   page          path of the article page
--   beacon        path of the article's beacon
--   count_seconds see "pages" and "beacon"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mode, page, beacon = args[1], args[2], args[3]
  deadline = os.time() + tonumber(args[4] or "0")
  sent = 0
  pages, counted, uncounted, server_errors, other_status = 0, 0, 0, 0, 0
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
  wrk.headers["Accept"] = "application/json, text/html"
  front_headers, prefetch_headers = {}, {}
  for name, value in pairs(wrk.headers) do
    front_headers[name] = value
    prefetch_headers[name] = value
  end
  front_headers["X-View-Counter"] = "beacon"
  prefetch_headers["Sec-Purpose"] = "prefetch"
end

function request()
  sent = sent + 1
  if mode == "off" or (mode == "front" and sent % 2 == 1) then
    return wrk.format("GET", page, front_headers)
  end
  if mode == "on" then
    return wrk.format("GET", page)
  end
  if mode == "pages" then
    return wrk.format("GET", page, os.time() >= deadline and prefetch_headers or nil)
  end
  if mode == "beacon" and os.time() >= deadline then
    return wrk.format("POST", beacon, prefetch_headers, "")
  end
  return wrk.format("POST", beacon, nil, "")
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
    -- A page counted as it was served carries its count instead of the beacon.
    if mode == "pages" or mode == "on" then
      if body:find("data-view-beacon", 1, true) then
        uncounted = uncounted + 1
      else
        counted = counted + 1
      end
    end
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
