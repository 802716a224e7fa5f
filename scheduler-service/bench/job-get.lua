-- wrk script: GET one job with a viewer's bearer token (TOKEN in the environment).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Accept"] = "application/json"

done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d non-2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
