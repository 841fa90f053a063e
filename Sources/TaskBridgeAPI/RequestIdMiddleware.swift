import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id that its logs and its response carry (`X-Request-Id`): the client's own when it sent
/// a sane one (1 to 128 of `A-Z a-z 0-9 . _ -`), otherwise a new one, so an operator can follow one request
/// through the logs of a fleet of replicas.
struct RequestIdMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The longest client id taken as it is.
    static var maxLength: Int { 128 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = Self.id(taking: request.headers[.requestID])
        var context = context
        context.logger[metadataKey: Self.metadataKey] = "\(id)"
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// The logger metadata key that holds the id, which is also where a route finds it.
    static var metadataKey: String { "request.id" }

    /// The id this middleware gave the request `context` belongs to; nil outside it.
    static func id(of context: Context) -> String? {
        guard case .string(let id) = context.logger[metadataKey: metadataKey] else { return nil }
        return id
    }

    /// `offered` when it is sane, else a new random id.
    static func id(taking offered: String?) -> String {
        if let offered, (1...maxLength).contains(offered.utf8.count), offered.utf8.allSatisfy(isAllowed) {
            return offered
        }
        return UUID().uuidString.lowercased()
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the id of one request, in its logs and its response.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
