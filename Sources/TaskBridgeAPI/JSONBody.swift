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
        response(body: try encode(value), status: status, headers: headers)
    }

    /// An `application/json` response with `task` as its body, written by `TaskResponse.json`: the same bytes
    /// as the generic one above, chosen by the call sites as the more specific overload. It throws nothing; it
    /// is `throws` only so it has the generic one's shape.
    static func response(
        _ task: TaskResponse, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        response(body: task.json, status: status, headers: headers)
    }

    private static func response(body: ByteBuffer, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
