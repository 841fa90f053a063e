#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension HTTPRequest {
    /// Makes a request whose body is `value` encoded as JSON, with `Content-Type` and `Accept` set to JSON.
    public static func json(
        _ method: HTTPMethod,
        url: String,
        body value: some Encodable,
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder()
    ) throws -> HTTPRequest {
        var request = HTTPRequest(method: method, url: url, headers: headers, body: Array(try encoder.encode(value)))
        request.headers.set("Content-Type", "application/json")
        if !request.headers.contains("Accept") {
            request.headers.add("Accept", "application/json")
        }
        return request
    }
}
