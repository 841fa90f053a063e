import Foundation
import HTTPTypes
import Hummingbird
import TaskBridgeCore

/// An RFC 9457 problem: the `application/problem+json` body of every error response, thrown by handlers.
///
/// `detail` is written for the client and never holds SQL, stack traces, tokens or a library's own message.
struct Problem: Error, HTTPResponseError, Encodable, Sendable {
    /// A URI reference naming the kind of problem; it resolves to the problem's section of `/docs`.
    var type: String
    /// A short summary of the kind of problem, the same for every occurrence.
    var title: String
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// What happened this time.
    var detail: String
    /// The fields at fault, for validation problems.
    var errors: [FieldProblem]?
    /// Extra response headers (`WWW-Authenticate`, `Allow`, `Retry-After`).
    var headers: HTTPFields = [:]

    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
    }

    /// Encodes the problem's members; `status` as its number.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(errors, forKey: .errors)
    }

    /// The problem as an `application/problem+json` response.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: try JSONBody.encode(self)))
    }
}
