import Foundation
import HTTPTypes
import TaskBridgeCore
import TaskBridgeJSON

/// The `/docs` page: the OpenAPI document rendered as one self-contained HTML page (inline CSS, no script, no CDN),
/// with a section per operation, per schema and per problem type (the targets of problems' `type` URIs).
enum DocsPage {
    private static let methodOrder = ["get", "post", "put", "patch", "delete"]

    /// Renders `document` (an OpenAPI 3.1 document) as HTML.
    static func render(_ document: JSONValue) -> String {
        let info = document.field("info")
        let title = info.field("title").text ?? "API"
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>\(style)</style>
            </head><body><main>
            <h1>\(HTML.escape(title)) <small>\(HTML.escape(info.field("version").text ?? ""))</small></h1>
            \(prose(info.field("description").text))
            <p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
            """
        let operations = self.operations(in: document)
        html += "<nav><h2>Routes</h2><ul>"
        for (path, method, operation) in operations {
            html += "<li><a href=\"#\(anchor(method, path))\"><span class=\"method \(method)\">\(method.uppercased())</span>"
            html += " <code>\(HTML.escape(path))</code></a> \(HTML.escape(operation.field("summary").text ?? ""))</li>"
        }
        html += "</ul></nav>"
        for (path, method, operation) in operations {
            html += renderOperation(path: path, method: method, operation, document: document)
        }
        html += "<h2 id=\"problems\">Problems</h2><p>Every error is <code>application/problem+json</code> "
        html += "(RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and, "
        html += "for fields, <code>errors</code>.</p>"
        for type in ProblemType.allCases {
            html += "<section id=\"problem-\(type.rawValue)\"><h3>\(type.status.code) <code>\(type.rawValue)</code>: "
            html += "\(HTML.escape(type.title))</h3>\(prose(type.explanation))</section>"
        }
        html += "<h2 id=\"schemas\">Schemas</h2>"
        for (name, schema) in (document.field("components").field("schemas").members ?? [:]).sorted(by: { $0.key < $1.key }) {
            html += "<section id=\"schema-\(HTML.escape(name))\"><h3>\(HTML.escape(name))</h3>\(renderSchema(schema))</section>"
        }
        html += "</main></body></html>\n"
        return html
    }

    private static func operations(in document: JSONValue) -> [(String, String, JSONValue)] {
        let paths = document.field("paths").members ?? [:]
        return paths.keys.sorted { lhs, rhs in
            // The task routes first, then operations, each alphabetically.
            (lhs.hasPrefix("/v1") ? 0 : 1, lhs) < (rhs.hasPrefix("/v1") ? 0 : 1, rhs)
        }.flatMap { path in
            methodOrder.compactMap { method in
                paths[path]?.field(method).members.map { _ in (path, method, paths[path]!.field(method)) }
            }
        }
    }

    private static func renderOperation(path: String, method: String, _ operation: JSONValue, document: JSONValue) -> String {
        var html = "<section class=\"operation\" id=\"\(anchor(method, path))\">"
        html += "<h2><span class=\"method \(method)\">\(method.uppercased())</span> <code>\(HTML.escape(path))</code></h2>"
        html += "<p><strong>\(HTML.escape(operation.field("summary").text ?? ""))</strong>"
        if operation.field("security").elements?.isEmpty == false {
            html += " <span class=\"auth\">Bearer token required</span>"
        }
        html += "</p>\(prose(operation.field("description").text))"
        let parameters = (operation.field("parameters").elements ?? []).map { resolve($0, in: document) }
        if !parameters.isEmpty {
            html += "<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Schema</th><th>Description</th></tr>"
            for parameter in parameters {
                let required = parameter.field("required") == .bool(true) ? " <em>required</em>" : ""
                html += "<tr><td><code>\(HTML.escape(parameter.field("name").text ?? ""))</code>\(required)</td>"
                html += "<td>\(HTML.escape(parameter.field("in").text ?? ""))</td><td>\(schemaSummary(parameter.field("schema")))</td>"
                html += "<td>\(inline(parameter.field("description").text ?? ""))</td></tr>"
            }
            html += "</table>"
        }
        let body = operation.field("requestBody")
        if let content = body.field("content").members {
            html += "<h4>Request body</h4>\(prose(body.field("description").text))"
            for (mediaType, media) in content.sorted(by: { $0.key < $1.key }) {
                html += "<p><code>\(HTML.escape(mediaType))</code>: \(schemaSummary(media.field("schema")))</p>"
                for (name, example) in (media.field("examples").members ?? [:]).sorted(by: { $0.key < $1.key }) {
                    html += "<p>Example <em>\(HTML.escape(name))</em>:</p><pre>\(HTML.escape(pretty(example.field("value"))))</pre>"
                }
            }
        }
        html += "<h4>Responses</h4><table><tr><th>Status</th><th>Description</th><th>Body</th></tr>"
        for (status, reference) in (operation.field("responses").members ?? [:]).sorted(by: { $0.key < $1.key }) {
            let response = resolve(reference, in: document)
            let bodies = (response.field("content").members ?? [:]).sorted(by: { $0.key < $1.key }).map { mediaType, media in
                "<code>\(HTML.escape(mediaType))</code> \(schemaSummary(media.field("schema")))"
            }
            html += "<tr><td>\(HTML.escape(status))</td><td>\(inline(response.field("description").text ?? ""))</td>"
            html += "<td>\(bodies.joined(separator: "<br>"))</td></tr>"
        }
        return html + "</table></section>"
    }

    private static func renderSchema(_ schema: JSONValue) -> String {
        var html = prose(schema.field("description").text)
        guard let properties = schema.field("properties").members else {
            return html + "<pre>\(HTML.escape(pretty(schema)))</pre>"
        }
        let required = (schema.field("required").elements ?? []).compactMap(\.text)
        let order = required + properties.keys.filter { !required.contains($0) }.sorted()
        html += "<table><tr><th>Field</th><th>Schema</th><th>Description</th></tr>"
        for name in order {
            guard let property = properties[name] else { continue }
            let mark = required.contains(name) ? " <em>required</em>" : ""
            html += "<tr><td><code>\(HTML.escape(name))</code>\(mark)</td><td>\(schemaSummary(property))</td>"
            html += "<td>\(inline(property.field("description").text ?? ""))</td></tr>"
        }
        html += "</table>"
        if schema.field("additionalProperties") == .bool(false) {
            html += "<p>No other field is accepted.</p>"
        }
        return html
    }

    /// A one-line description of a schema: a link for a reference, else its type and constraints.
    private static func schemaSummary(_ schema: JSONValue) -> String {
        if let reference = schema.field("$ref").text {
            let name = reference.split(separator: "/").last.map(String.init) ?? reference
            return "<a href=\"#schema-\(HTML.escape(name))\">\(HTML.escape(name))</a>"
        }
        if let choices = schema.field("oneOf").elements {
            return choices.map(schemaSummary).joined(separator: " | ")
        }
        var parts: [String] = []
        if let constant = schema.field("const").text { parts.append("<code>\"\(HTML.escape(constant))\"</code>") }
        if let type = schema.field("type").text { parts.append(HTML.escape(type)) }
        if let types = schema.field("type").elements { parts.append(types.compactMap(\.text).joined(separator: " | ")) }
        if schema.field("type").text == "array" { parts.append("of \(schemaSummary(schema.field("items")))") }
        if let format = schema.field("format").text { parts.append("(\(HTML.escape(format)))") }
        if let values = schema.field("enum").elements {
            parts.append("one of " + values.compactMap(\.text).map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))
        }
        for (key, label) in [("minLength", "min length"), ("maxLength", "max length"), ("minimum", "min"), ("maximum", "max"), ("default", "default")] {
            if case .number(let value) = schema.field(key) { parts.append("\(label) \(Int(value))") }
        }
        return parts.isEmpty ? "any" : parts.joined(separator: " ")
    }

    private static func resolve(_ value: JSONValue, in document: JSONValue) -> JSONValue {
        guard let reference = value.field("$ref").text, reference.hasPrefix("#/") else { return value }
        return reference.dropFirst(2).split(separator: "/").reduce(document) { node, key in node.field(String(key)) }
    }

    private static func anchor(_ method: String, _ path: String) -> String {
        "\(method)-" + path.drop { $0 == "/" }.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    private static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Paragraphs of text with `code` spans.
    private static func prose(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return text.components(separatedBy: "\n\n").map { "<p>\(inline($0))</p>" }.joined()
    }

    /// Escaped text whose backtick spans become `<code>`.
    private static func inline(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index.isMultiple(of: 2) ? HTML.escape(String(part)) : "<code>\(HTML.escape(String(part)))</code>"
        }.joined()
    }

    private static let style = """
        body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
        main{max-width:960px;margin:0 auto;padding:1em 2em 4em}
        h1 small{font-size:.5em;color:#777}
        h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
        code,pre{font:13px/1.4 ui-monospace,monospace;background:#f0f0f0;border-radius:3px}
        code{padding:0 .25em}pre{padding:.8em;overflow:auto}
        table{border-collapse:collapse;width:100%;margin:.5em 0}
        th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
        .method{display:inline-block;min-width:3.5em;text-align:center;color:#fff;border-radius:3px;font-size:.8em;padding:0 .3em}
        .get{background:#2f7d32}.post{background:#1565c0}.put,.patch{background:#ef6c00}.delete{background:#c62828}
        .auth{font-size:.8em;color:#8a5300;background:#fff3cd;padding:0 .4em;border-radius:3px}
        nav ul{list-style:none;padding:0}nav a{text-decoration:none}
        """
}

extension JSONValue {
    /// The member `key` of an object; `.null` for anything else, so lookups chain.
    fileprivate func field(_ key: String) -> JSONValue {
        if case .object(let members) = self { members[key] ?? .null } else { .null }
    }

    /// The text of a string, else nil.
    fileprivate var text: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// The members of an object, else nil.
    fileprivate var members: [String: JSONValue]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The elements of an array, else nil.
    fileprivate var elements: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }
}
