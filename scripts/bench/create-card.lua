-- wrk script: POST /1/cards straight to the sandbox, as a worker would (the sandbox's own ceiling); prints one JSON
-- line of results for scripts/benchmark to read. SANDBOX_LIST, SANDBOX_KEY and SANDBOX_TOKEN come from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = string.format('OAuth oauth_consumer_key="%s", oauth_token="%s"',
    os.getenv("SANDBOX_KEY"), os.getenv("SANDBOX_TOKEN"))
wrk.body = string.format('{"idList":"%s","name":"Ceiling card","desc":"Created by the sandbox benchmark"}',
    os.getenv("SANDBOX_LIST"))

done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f}\n',
        summary.requests, summary.duration,
        errors.connect + errors.read + errors.write + errors.timeout, errors.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
