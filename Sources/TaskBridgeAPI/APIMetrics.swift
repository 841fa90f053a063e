import Prometheus
import Synchronization
import TaskBridgeCore

/// The API's Prometheus metrics, kept in the registry `/metrics` serves: requests by route and status, their
/// latency, tasks accepted by type, and how the write path batches and enqueues.
public final class APIMetrics: Sendable {
    /// The registry `/metrics` renders; `@main` also bootstraps swift-metrics with it so library metrics land here.
    public let registry: PrometheusCollectorRegistry
    /// The API's counts for the history (tasks accepted by type), flushed to Redis by `StatsFlusher`.
    public let history: StatsTally

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let latencies = Mutex<[String: DurationHistogram]>([:])
    private let acceptedCounters = Mutex<[String: Counter]>([:])
    private let enqueueFailures: Counter
    private let insertBatchSize: ValueHistogram
    private let tokenLookups: Counter

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "taskbridge", subsystem: "http", metricName: "requests", unitName: "total",
        helpText: "HTTP requests answered, by method, route and status.")
    }
    private static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "taskbridge", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "Time from request to response, by method and route.")
    }
    private static var accepted: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "taskbridge", metricName: "tasks_accepted", unitName: "total",
        helpText: "New tasks stored, by type.")
    }
    private static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// Makes the metrics in `registry` (a fresh one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), history: StatsTally = StatsTally()) {
        self.registry = registry
        self.history = history
        enqueueFailures = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "taskbridge", metricName: "enqueue_failures", unitName: "total",
            helpText: "Stored tasks whose id could not be put on the dispatch stream (the relay delivers them)."))
        insertBatchSize = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "taskbridge", metricName: "insert_batch_size", unitName: "tasks",
                helpText: "New tasks written per transaction (group commit)."),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
        tokenLookups = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "taskbridge", metricName: "token_lookups", unitName: "total",
            helpText: "Bearer tokens looked up in PostgreSQL (the rest were answered from the token cache)."))
    }

    /// Counts one answered request and records how long it took.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method, route: route, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.requests,
                labels: [("method", method), ("route", route), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = latencies.withLock { histograms in
            let name = "\(method) \(route)"
            if let histogram = histograms[name] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: Self.duration, labels: [("method", method), ("route", route)],
                buckets: Self.latencyBuckets)
            histograms[name] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// Counts newly stored tasks of one type.
    func recordAccepted(type: String, count: Int = 1) {
        let counter = acceptedCounters.withLock { counters in
            if let counter = counters[type] { return counter }
            let counter = registry.makeCounter(descriptor: Self.accepted, labels: [("type", type)])
            counters[type] = counter
            return counter
        }
        counter.increment(by: Int64(count))
        history.add(.accepted, type: type, count: count)
    }

    /// Counts stored tasks whose enqueue failed.
    func recordEnqueueFailures(_ count: Int) {
        enqueueFailures.increment(by: Int64(count))
    }

    /// Records the size of one group-committed insert.
    func recordInsertBatch(size: Int) {
        insertBatchSize.record(Double(size))
    }

    /// Counts bearer tokens looked up in PostgreSQL.
    func recordTokenLookups(_ count: Int) {
        tokenLookups.increment(by: Int64(count))
    }

    /// The Prometheus text exposition of every metric in the registry.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}
