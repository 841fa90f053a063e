import Foundation
import TaskBridgeCore
import TaskBridgeJSON

/// The API's documentation, read and checked once when the application is built: the OpenAPI 3.1 document of
/// every route, schema and error (`Resources/openapi.json`, written by hand, served at `/openapi.json`) and the
/// `/docs` page rendered from it.
///
/// A test checks that the document's paths and methods are exactly the router's routes. Adding a kind of task means
/// adding its `New…` schema, its `oneOf`/`mapping` entries and its `TaskType` value to the document.
struct APIDocumentation: Sendable {
    /// The document as written, served at `/openapi.json`.
    let openAPI: String
    /// The `/docs` page.
    let page: String

    /// The documentation of the document this module ships as a resource.
    static func bundled() throws -> APIDocumentation {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIDocumentationError(
                path: Bundle.module.bundlePath, problem: "has no openapi.json: Package.swift must declare it a resource")
        }
        return try APIDocumentation(contentsOf: url)
    }

    /// The documentation of the OpenAPI document in the file at `url`; it throws when the file cannot be read, is not
    /// JSON, or is not an OpenAPI document.
    init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw APIDocumentationError(path: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw APIDocumentationError(path: url.path, problem: "is not JSON: \(error)")
        }
        guard case .object(let members) = document, case .string = members["openapi"], case .object = members["paths"]
        else {
            throw APIDocumentationError(path: url.path, problem: "is not an OpenAPI document: it needs `openapi` and `paths`")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // Without the file's final newline: the bytes /openapi.json served when the document was a Swift string.
        if text.hasSuffix("\n") { text.removeLast() }
        openAPI = text
        page = DocsPage.render(document)
    }
}
