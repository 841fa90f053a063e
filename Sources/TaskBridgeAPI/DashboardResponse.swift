import HTTPTypes
import Hummingbird
import NIOCore

/// The dashboard's answers: pages, assets and redirects, each with headers that keep the browser strict (a
/// Content-Security-Policy with no inline script or style, no framing, no caching of pages).
enum DashboardResponse {
    /// Scripts, styles and images from the API itself only; forms post only to it; no frames, no plugins.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// An HTML page.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = strictHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A static asset, cacheable for a while.
    static func asset(_ body: ByteBuffer, contentType: String) -> Response {
        var headers = strictHeaders
        headers[.contentType] = contentType
        headers[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A 303 to `location`, after a form or when signing in is needed.
    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = strictHeaders
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    private static var strictHeaders: HTTPFields {
        [
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            .xFrameOptions: "DENY",
            .referrerPolicy: "no-referrer",
        ]
    }
}

/// Thrown by a dashboard handler that cannot go on and sends the browser elsewhere (to sign in, usually).
struct DashboardRedirect: Error, HTTPResponseError {
    let location: String

    var status: HTTPResponse.Status { .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        DashboardResponse.redirect(location)
    }
}

/// Thrown by a dashboard handler that refuses the request with a page saying why (a bad CSRF token, a read-only
/// session, no such task).
struct DashboardRefusal: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        DashboardResponse.page(
            DashboardLayout.page(
                title: "\(status.code) \(status.reasonPhrase)", session: nil, active: nil,
                body: "<h1>\(HTML.escape(status.reasonPhrase))</h1><p role=\"alert\">\(HTML.escape(message))</p>"
                    + "<p><a href=\"/ui\">Back to the dashboard</a></p>"),
            status: status)
    }
}

extension HTTPField.Name {
    static var xFrameOptions: Self { Self("X-Frame-Options")! }
    static var referrerPolicy: Self { Self("Referrer-Policy")! }
}
