import Foundation
import Logging
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport

/// The dashboard in a real browser: `Tests/browser/dashboard_test.py` drives headless Chromium with Selenium
/// through sign-in, filtering, a task's timeline, a retry, a discard, retrying every failed task after a
/// confirmation, the form's validation message, the charts and sign-out, against a live API with a seeded database.
/// Screenshots go to `.run/browser/` for a person to look at.
@Suite(.timeLimit(.minutes(4))) struct BrowserTests {
    static let root = TestServices.repositoryRoot
    static let python = root.appendingPathComponent(".venv/bin/python").path
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    /// What is missing, named, or nil when the suite can run.
    static let missing: String? = {
        var missing: [String] = []
        if chromium == nil { missing.append("chromium (Debian's chromium package)") }
        if chromedriver == nil { missing.append("chromedriver (Debian's chromium-driver package)") }
        let sitePackages = root.appendingPathComponent(".venv/lib")
        let selenium = (try? FileManager.default.contentsOfDirectory(atPath: sitePackages.path))?.contains { version in
            FileManager.default.fileExists(atPath: sitePackages.appendingPathComponent("\(version)/site-packages/selenium").path)
        } ?? false
        if !FileManager.default.isExecutableFile(atPath: python) || !selenium { missing.append("selenium in .venv/") }
        return missing.isEmpty ? nil : "the browser suite is SKIPPED: missing \(missing.joined(separator: ", ")); scripts/install-deps installs them"
    }()
    /// The longest the browser run may take before it is killed and the test fails; the script bounds itself at 150 s.
    static let timeLimit: Duration = .seconds(200)

    @Test(.enabled(Comment(rawValue: missing ?? "")) { missing == nil })
    func theDashboardWorksInHeadlessChromium() async throws {
        let screenshots = Self.root.appendingPathComponent(".run/browser")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let outcome = try await OwnDatabase.with { databaseURL in
            try await LiveAPI.with(databaseURL: databaseURL) { baseURL, token in
                let failed = try await Self.seed(databaseURL)
                let process = try ChildProcess(
                    Self.python, [Self.root.appendingPathComponent("Tests/browser/dashboard_test.py").path],
                    environment: [
                        "BASE_URL": baseURL, "TOKEN": token, "FAILED_TASK_ID": failed.id.uuidString.lowercased(),
                        "FAILED_TASK_TITLE": failed.title, "CHROMIUM": try #require(Self.chromium),
                        "CHROMEDRIVER": try #require(Self.chromedriver), "SCREENSHOTS": screenshots.path,
                        "PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path, "LANG": "C.UTF-8",
                    ])
                let timer = Task {
                    try await Task.sleep(for: Self.timeLimit)
                    process.send(SIGKILL)
                }
                let outcome = await process.wait()
                timer.cancel()
                return outcome
            }
        }
        #expect(outcome.status == 0, "the browser suite failed (screenshots in .run/browser/):\n\(outcome.stdout)\(outcome.stderr)")
        for name in ["01-sign-in", "02-overview", "03-tasks-failed", "04-task-failed", "07-form-validation"] {
            #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("\(name).png").path), "no \(name).png")
        }
    }

    /// Tasks to filter and search (two with "Quarterly" in their title), three failed with their timelines (to
    /// retry, discard, and retry with every failed one), and an hour of history; returns the one to retry.
    static func seed(_ databaseURL: String) async throws -> TaskRecord {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: databaseURL), logger: logger)
        do {
            let store = TaskStore(pool: pool)
            let submissions = [
                TaskSubmission(task: NewTask(type: "issue", title: "Quarterly report for the board", description: "Figures")),
                TaskSubmission(task: NewTask(type: "task", title: "Quarterly budget review", category: "Research")),
                TaskSubmission(task: NewTask(type: "bug", title: "bug-lantern-42", description: "The login page is blank")),
                TaskSubmission(task: NewTask(type: "issue", title: "Scanner offline", description: "Since Monday")),
                TaskSubmission(task: NewTask(type: "issue", title: "Projector bulb", description: "Room 4")),
                TaskSubmission(task: NewTask(type: "issue", title: "Printer on floor 2 jams", description: "Again")),
            ]
            _ = try await store.insert(submissions, enqueued: true)
            let failed = submissions[5].id
            // Each move of a delivery, as a worker makes it: migration 012's trigger records its event and the task's.
            _ = try await pool.query("""
                UPDATE deliveries SET status = 'dispatching', attempts = 1, event_detail = 'attempt 1'
                WHERE id = ANY(\(submissions.suffix(3).map(\.id))::uuid[])
                """)
            _ = try await pool.query("""
                UPDATE deliveries SET status = 'failed', last_error = 'Trello said 400: invalid value for name',
                                      event_detail = 'Trello said 400: invalid value for name'
                WHERE id = ANY(\(submissions.suffix(3).map(\.id))::uuid[])
                """)
            let stats = StatsStore(pool: pool)
            let now = Int(Date().timeIntervalSince1970)
            for minutesAgo in stride(from: 60, through: 2, by: -1) {
                let bucket = now - now % 60 - minutesAgo * 60
                try await stats.persist(bucket: bucket, points: [
                    StatsPoint(figure: .accepted, type: "bug", value: Double(minutesAgo % 7 + 2)),
                    StatsPoint(figure: .carded, type: "bug", value: Double(minutesAgo % 5 + 1)),
                    StatsPoint(figure: .failed, type: "issue", value: minutesAgo == 10 ? 3 : 0),
                    StatsPoint(figure: .lagP95, type: "", value: 0.5 + Double(minutesAgo % 3)),
                    StatsPoint(figure: .trelloRequests, type: "", value: 20),
                    StatsPoint(figure: .workers, type: "", value: 2),
                ])
            }
            let record = try #require(try await store.task(id: failed))
            await pool.shutdown()
            return record
        } catch {
            await pool.shutdown()
            throw error
        }
    }
}
