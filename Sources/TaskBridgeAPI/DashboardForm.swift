import Foundation
import Hummingbird
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body, as the dashboard's forms send them, and the
/// request's cookies.
struct DashboardForm: Sendable {
    /// The fields by name; a repeated name keeps its last value.
    let fields: [String: String]

    /// Reads the form of `request`'s body (at most the context's upload limit).
    static func read(_ request: Request) async throws -> DashboardForm {
        let body = try await TasksController.collectBody(request)
        return DashboardForm(encoded: String(buffer: body))
    }

    /// Parses `name=value&…`, with `+` for a space and percent-escapes.
    init(encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count == 2 ? decode(parts[1]) : ""
        }
        self.fields = fields
    }

    /// The field's value with its edges' white space removed, nil when absent or empty.
    subscript(_ name: String) -> String? {
        let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    /// The value of cookie `name` in `request`'s `Cookie` headers.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}
