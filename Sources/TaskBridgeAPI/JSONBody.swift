import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The API's JSON bodies: keys sorted, slashes unescaped (URLs stay readable), sent as `application/json`. It is
/// `APIRequestContext`'s response encoder, so every `ResponseEncodable` a route returns is written this way.
public struct JSONBody: ResponseEncoder {
    /// The encoder; it keeps no state.
    public init() {}

    /// An `application/json` response with `value` as its body.
    public func encode(
        _ value: some Encodable, from request: Request, context: some RequestContext
    ) throws -> Response {
        Self.response(try Self.encode(value))
    }

    /// The bytes of `value` as JSON.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    /// A 200 `application/json` response with `body`, which already is JSON.
    static func response(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
