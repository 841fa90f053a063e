import Foundation
import TestSupport

/// A file of the repository, read as text.
enum RepositoryFile {
    /// The text of the file at `path`, relative to the repository's root.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestServices.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Paths (relative to the root) of the files under `folder` whose names end with `suffix`.
    static func files(under folder: String, endingWith suffix: String) -> [String] {
        let root = TestServices.repositoryRoot.appendingPathComponent(folder)
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0.hasSuffix(suffix) }.map { "\(folder)/\($0)" }.sorted()
    }

    /// The executable products Package.swift declares.
    static func executableProducts() throws -> Set<String> {
        Set(try text("Package.swift").matches(of: /\.executable\(name: "([^"]+)"/).map { String($0.1) })
    }
}
