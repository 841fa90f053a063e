/// Why the API's documentation could not be loaded; the application is not built without it.
struct APIDocumentationError: Error, CustomStringConvertible {
    /// The file read, or the resource bundle it was looked for in.
    let path: String
    /// What is wrong with it, as the end of a sentence that starts with the path.
    let problem: String

    var description: String { "The OpenAPI document at \(path) \(problem)" }
}
