-- wrk script: WRK_METHOD=POST sends POSTs (the view-counter beacon); GET otherwise.
wrk.method = os.getenv("WRK_METHOD") or "GET"
-- A reader's browser, so that the article page counts each request as a view
-- (wrk keeps no cookies: every request is a new reader); with no user agent
-- the view counter would take wrk for a bot and only read the count.
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

-- wrk reporter: one JSON line with what bench/run.py tabulates.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
