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
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
