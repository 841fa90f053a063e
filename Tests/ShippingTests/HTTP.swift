import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP over real sockets, for servers the tests start on a free port.
enum HTTP {
    /// A response: status, headers and body.
    struct Reply: Sendable {
        /// The status code.
        let status: Int
        /// The headers, names in lower case.
        let headers: [String: String]
        /// The body.
        let body: Data

        /// The body as a JSON value.
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    /// Sends one request and returns whatever status came back.
    static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return Reply(status: http?.statusCode ?? 0, headers: headers, body: data)
    }
}
