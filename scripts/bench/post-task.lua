-- wrk script: POST /v1/tasks with an issue body; prints one JSON line of results for scripts/benchmark to read.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TASKBRIDGE_TOKEN")
wrk.body = '{"type":"issue","title":"Benchmark issue","description":"Filed by the ingest benchmark"}'

done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f}\n',
        summary.requests, summary.duration,
        errors.connect + errors.read + errors.write + errors.timeout, errors.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
