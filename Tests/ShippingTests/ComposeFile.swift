import Foundation

/// docker-compose.yml as far as the tests need it, read without a YAML library: the file keeps to a plain style
/// (two-space service names, `command:` as a flow or block list) and `ComposeTests` checks this reading against
/// what a real compose implementation makes of the file whenever one is available.
struct ComposeFile {
    /// A service: whether it runs the bridge's own image, and its command.
    struct Service: Equatable {
        /// True when the service is built from this repository (`build:` directly or through `<<: *bridge`).
        var usesBridgeImage = false
        /// The command, as a list; empty when the image's default runs.
        var command: [String] = []
    }

    /// Services by name.
    var services: [String: Service] = [:]
    /// Every `${NAME...}` the file interpolates.
    var interpolatedVariables: Set<String> = []

    /// Reads the file's text.
    init(_ text: String) throws {
        interpolatedVariables = Set(text.matches(of: /\$\{([A-Z][A-Z0-9_]*)/).map { String($0.1) })
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // `<<: *bridge` merges the `x-bridge` block, which builds this repository's image.
        let bridgeAnchorBuilds = text.contains("x-bridge: &bridge\n  build: .")
        var inServices = false
        var current: String?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if !line.hasPrefix(" ") && !line.isEmpty && !line.hasPrefix("#") {
                inServices = line == "services:"
                current = nil
                continue
            }
            guard inServices else { continue }
            if let match = line.wholeMatch(of: /\ \ ([a-z][a-z0-9_-]*):/) {
                current = String(match.1)
                services[String(match.1)] = Service()
                continue
            }
            guard let name = current else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "<<: *bridge" && bridgeAnchorBuilds || trimmed.hasPrefix("build:") {
                services[name]?.usesBridgeImage = true
            } else if trimmed.hasPrefix("command:") {
                let rest = trimmed.dropFirst("command:".count).trimmingCharacters(in: .whitespaces)
                if rest.isEmpty {
                    var items: [String] = []
                    while index < lines.count, let item = lines[index].wholeMatch(of: /\s{6,}- (.*)/) {
                        items.append(Self.unquoted(String(item.1)))
                        index += 1
                    }
                    services[name]?.command = items
                } else {
                    let list = try JSONSerialization.jsonObject(with: Data(rest.utf8)) as? [String]
                    services[name]?.command = list ?? [rest]
                }
            }
        }
    }

    /// `text` with every `${NAME:-default}` replaced by its default, as compose reads it when nothing is set.
    static func withDefaults(_ text: String) -> String {
        text.replacing(/\$\{[A-Z][A-Z0-9_]*:-([^}]*)\}/) { String($0.1) }
    }

    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }
}
