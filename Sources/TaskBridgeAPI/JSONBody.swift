import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Encodes response bodies and builds the JSON responses every route answers with.
enum JSONBody {
    /// The bytes of `value` as JSON, without escaped slashes (URLs stay readable).
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    /// An `application/json` response with `value` as its body.
    static func response(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: try encode(value)))
    }
}
