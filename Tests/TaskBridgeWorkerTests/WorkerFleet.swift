import Foundation
import TaskBridgeWorker
import Testing
import TestSupport

/// Real `taskbridge-worker` processes of one world, as an operator runs them: started, SIGKILLed and replaced, and
/// at the end stopped and reaped whatever happened.
actor WorkerFleet {
    private let world: WorkerWorld
    private let configure: @Sendable (inout WorkerConfiguration) -> Void
    private var running: [ChildProcess] = []
    /// How the workers SIGKILLed by `replaceOne()` ended, in kill order.
    private(set) var killed: [ChildProcess.Outcome] = []

    /// A fleet whose workers take `world`'s settings changed by `configure`.
    init(world: WorkerWorld, configure: @escaping @Sendable (inout WorkerConfiguration) -> Void = { _ in }) {
        self.world = world
        self.configure = configure
    }

    /// Runs `body` with `size` workers started, then stops every worker still running (SIGTERM, SIGKILL after a
    /// bound) and records an issue for one that did not exit 0, whether `body` returned or threw.
    static func with<Value: Sendable>(
        _ world: WorkerWorld, size: Int, configure: @escaping @Sendable (inout WorkerConfiguration) -> Void = { _ in },
        _ body: (WorkerFleet) async throws -> Value
    ) async throws -> Value {
        let fleet = WorkerFleet(world: world, configure: configure)
        let result: Result<Value, any Error>
        do {
            try await fleet.start(size)
            result = .success(try await body(fleet))
        } catch {
            result = .failure(error)
        }
        for outcome in await fleet.stop() where outcome.status != 0 {
            Issue.record("a worker did not stop cleanly (status \(outcome.status.map(String.init) ?? "none"), signal \(outcome.signal.map(String.init) ?? "none")): \(outcome.stderr)")
        }
        return try result.get()
    }

    /// How many workers are running.
    var size: Int { running.count }

    /// Starts `count` more workers.
    func start(_ count: Int) throws {
        for _ in 0..<count {
            var configuration = world.workerConfiguration(name: "process")
            configure(&configuration)
            running.append(try ChildProcess("taskbridge-worker", environment: world.workerEnvironment(configuration)))
        }
    }

    /// SIGKILLs one running worker chosen at random, reaps it, and starts another in its place.
    func replaceOne() async throws {
        guard let index = running.indices.randomElement() else { throw WorldError("no worker is running") }
        let victim = running.remove(at: index)
        victim.send(SIGKILL)
        killed.append(await victim.wait(killingAfter: .seconds(10)).outcome)
        try start(1)
    }

    /// Throws, with its stderr, when a worker has ended without being told to: a setting it refused, or a crash.
    func checkRunning() throws {
        for worker in running where !ProcessStatus.isRunning(worker.pid) {
            throw WorldError("worker \(worker.pid) ended by itself: \(worker.stderr)")
        }
    }

    /// SIGTERMs every running worker, waits for each (SIGKILL after `grace`), and returns how they ended.
    func stop(grace: Duration = .seconds(20)) async -> [ChildProcess.Outcome] {
        let workers = running
        running = []
        for worker in workers {
            worker.send(SIGTERM)
        }
        var outcomes: [ChildProcess.Outcome] = []
        for worker in workers {
            outcomes.append(await worker.wait(killingAfter: grace).outcome)
        }
        return outcomes
    }
}
