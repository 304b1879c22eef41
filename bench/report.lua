-- wrk script: WRK_METHOD=POST sends POSTs (the view-counter beacon); GET otherwise.
wrk.method = os.getenv("WRK_METHOD") or "GET"

-- wrk reporter: one JSON line with what bench/run.py tabulates.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
