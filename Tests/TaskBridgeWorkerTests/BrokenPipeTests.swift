import CurlClient
import Foundation
import TaskBridgeCore
import TaskBridgeWorker
import Testing
import TestSupport

/// Peers that go away while a process writes to them: a Redis killed mid-pipeline, an HTTP client hanging up
/// mid-body. SIGPIPE must not kill any of the bridge's executables. Whether a given write lands after its peer
/// went away is up to timing, so the signal mask each executable runs with is checked too.
@Suite(.timeLimit(.minutes(3))) struct BrokenPipeTests {
    /// A worker process's settings: the shortest lease a process accepts.
    private static func processConfiguration(_ world: WorkerWorld, name: String) -> WorkerConfiguration {
        var configuration = world.workerConfiguration(name: name)
        configuration.worker = WorkerSettings(concurrency: 8, lease: .seconds(5))
        return configuration
    }

    @Test func everyExecutableIgnoresSIGPIPE() async throws {
        try await WorkerWorld.with { world in
            let silent = try AbruptPeers.SilentListener()
            let children = [
                try ChildProcess(
                    "taskbridge-worker", environment: world.workerEnvironment(Self.processConfiguration(world, name: "sigpipe"))),
                try ChildProcess("taskbridge-api", environment: [
                    "DATABASE_URL": world.databaseURL, "REDIS_URL": world.redisURL,
                    "HTTP_PORT": "0", "LOG_LEVEL": "error",
                ]),
                try ChildProcess("trello-sandbox", ["--port", "0", "--log-level", "error"], environment: [:]),
                // The CLI's PostgreSQL never answers, so the command is still running when it is looked at.
                try ChildProcess("taskbridge", ["tasks", "list"], environment: [
                    "DATABASE_URL": "postgres://user:secret@127.0.0.1:\(silent.port)/db?connect_timeout=30"
                ]),
            ]
            var ignoring: [Bool] = []
            for child in children {
                let deadline = ContinuousClock.now + .seconds(20)
                while !ProcessStatus.ignores(SIGPIPE, pid: child.pid), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                // Still running: one that stopped at a bad setting proves nothing.
                ignoring.append(ProcessStatus.ignores(SIGPIPE, pid: child.pid) && ProcessStatus.isRunning(child.pid))
            }
            for child in children {
                child.send(SIGKILL)
                _ = await child.wait()
            }
            #expect(ignoring == [true, true, true, true], "worker, API, sandbox, CLI")
        }
    }

    @Test func aWorkerWhoseRedisDiesWhileItWritesPipelinesKeepsDispatching() async throws {
        try await WorkerWorld.withPrivateServices(name: "worker-broken-pipe") { world, services in
            // A backlog Redis never saw: the relay adds it in pipelines of a thousand entries, again from the start
            // each time Redis comes back empty.
            let store = TaskStore(pool: world.postgres)
            for batch in 0..<20 {
                let submissions = (0..<1000).map { index in
                    TaskSubmission(task: NewTask(type: "issue", title: "Backlog \(batch)-\(index)", description: "Waiting."))
                }
                _ = try await store.insert(submissions, enqueued: false)
            }
            let worker = try ChildProcess(
                "taskbridge-worker", environment: world.workerEnvironment(Self.processConfiguration(world, name: "pipes")))
            var alive = false
            do {
                var done = 0
                for round in 1...3 {
                    try await eventually("the worker dispatches again (round \(round))", timeout: .seconds(60)) {
                        try await world.count(.done) >= done + 10
                    }
                    try await services.kill(.redis)
                    try await Task.sleep(for: .milliseconds(300))
                    try await services.start()
                    done = try await world.count(.done)
                }
                try await eventually("the worker dispatches after the last restart", timeout: .seconds(60)) {
                    try await world.count(.done) >= done + 20
                }
                alive = ProcessStatus.isRunning(worker.pid)
            } catch {
                Issue.record("\(error)")
            }
            worker.send(SIGTERM)
            let (stopped, _) = await worker.wait(killingAfter: .seconds(30))
            #expect(alive)
            #expect(stopped.signal == nil, "the worker died of signal \(stopped.signal ?? 0)")
            #expect(stopped.status == 0, "\(stopped.stderr.suffix(3000))")
        }
    }

    @Test func theAPIKeepsServingWhenClientsHangUpMidBody() async throws {
        try await WorkerWorld.with { world in
            let token = try await TokenStore(pool: world.postgres).create(name: "hang-up").secret
            // A page of 200 tasks of 16 KB each is a body of about 3 MB: far more than the socket buffers hold.
            let description = String(repeating: "d", count: 16_000)
            let submissions = (0..<200).map { TaskSubmission(task: NewTask(type: "issue", title: "Big \($0)", description: description)) }
            _ = try await TaskStore(pool: world.postgres).insert(submissions, enqueued: false)
            let session = try HTTPSession(configuration: .init(timeout: .seconds(10)))
            let environment = [
                "DATABASE_URL": world.databaseURL, "REDIS_URL": world.redisURL, "LOG_LEVEL": "error",
            ]
            let started = try await ChildProcess.listening("taskbridge-api", environment: environment, portVariable: "HTTP_PORT") {
                (try? await session.execute(CurlClient.HTTPRequest(url: "http://127.0.0.1:\($0)/healthz")))?.status == 200
            }
            let (api, port) = try #require(started, "the API never answered on a free port")
            var page: CurlClient.HTTPResponse?
            do {
                for _ in 0..<20 {
                    try await AbruptPeers.getAndHangUp(
                        port: port, path: "/v1/tasks?limit=200", headers: ["Authorization": "Bearer \(token)"])
                }
                var request = CurlClient.HTTPRequest(url: "http://127.0.0.1:\(port)/v1/tasks?limit=200")
                request.headers.add("Authorization", "Bearer \(token)")
                page = try await session.execute(request)
            } catch {
                Issue.record("\(error)")
            }
            await session.shutdown()
            let alive = ProcessStatus.isRunning(api.pid)
            api.send(SIGTERM)
            let (stopped, _) = await api.wait(killingAfter: .seconds(30))
            #expect(alive)
            #expect(page?.status == 200)
            #expect(page?.body.count ?? 0 > 3_000_000)
            #expect(stopped.status == 0, "\(stopped.stderr.suffix(2000))")
        }
    }
}
