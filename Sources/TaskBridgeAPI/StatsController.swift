import Foundation
import Hummingbird
import TaskBridgeCore

/// `GET /v1/stats/history`: the per-bucket history the stats leader persisted, in steps over a window.
struct StatsController: Sendable {
    /// The query parameters understood; any other is refused, as a typo would silently change the answer.
    static let parameters: Set<String> = ["window", "step", "type"]

    /// Where the history is read.
    let history: any HistoryRepository

    /// Adds the routes to `group` (mounted at `/v1/stats`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("history", use: show)
    }

    /// `GET /v1/stats/history`.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> HistoryResponse {
        let (query, window, step) = try Self.query(request.uri.queryParameters)
        let series = try await history.history(query, now: Date())
        return HistoryResponse(window: window, step: step, series: series)
    }

    /// The query, with the window and step as the client spelled them; a 422 naming every bad parameter.
    static func query(_ parameters: Parameters) throws -> (HistoryQuery, window: String, step: String) {
        var problems: [FieldProblem] = []
        for name in Set(parameters.map { String($0.key) }).sorted() where !Self.parameters.contains(name) {
            problems.append(FieldProblem(
                field: name, code: .unknownField,
                message: "unknown query parameter; known: \(Self.parameters.sorted().joined(separator: ", "))"))
        }
        let windowText = parameters.get("window") ?? "24h"
        let stepText = parameters.get("step") ?? "5m"
        let window = HistoryQuery.seconds(windowText)
        let step = HistoryQuery.seconds(stepText)
        if window == nil {
            problems.append(FieldProblem(
                field: "window", code: .notAllowedValue,
                message: "must be a whole number of s, m, h or d, at most 7d (e.g. 24h)"))
        }
        if step == nil {
            problems.append(FieldProblem(
                field: "step", code: .notAllowedValue, message: "must be a whole number of s, m, h or d (e.g. 5m)"))
        }
        if let window, let step {
            if step > window {
                problems.append(FieldProblem(field: "step", code: .notAllowedValue, message: "must not exceed the window"))
            } else if window / step > HistoryQuery.maximumPoints {
                problems.append(FieldProblem(
                    field: "step", code: .notAllowedValue,
                    message: "must give at most \(HistoryQuery.maximumPoints) points over the window"))
            }
        }
        let type = parameters.get("type")
        if let type, TaskKinds.named(type) == nil {
            problems.append(FieldProblem(
                field: "type", code: .notAllowedValue, message: "must be one of: \(TaskKinds.names.joined(separator: ", "))"))
        }
        guard problems.isEmpty, let window, let step else { throw Problem.validationFailed(problems) }
        return (HistoryQuery(window: window, step: step, type: type), windowText, stepText)
    }
}

/// The history as the API shows it (the `History` schema): `{window, step, series: [{name, labels, points}]}`,
/// each point `[unix_seconds, value]`.
struct HistoryResponse: ResponseEncodable, Sendable {
    struct Series: Encodable, Sendable {
        var name: String
        var labels: [String: String]
        var points: [[Double]]
    }

    var window: String
    var step: String
    var series: [Series]

    init(window: String, step: String, series: [HistorySeries]) {
        self.window = window
        self.step = step
        self.series = series.map { series in
            Series(
                name: series.figure.rawValue, labels: series.type.map { ["type": $0] } ?? [:],
                points: series.points.map { [Double($0.time), $0.value] })
        }
    }
}
