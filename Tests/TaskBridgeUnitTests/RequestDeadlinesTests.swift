@testable import TaskBridgeAPI
import Testing

/// The one timer behind every request's deadline: a wait ends once its deadline passed, never before, and at once
/// when its task is cancelled; the timer stops when no one waits and starts again for the next.
@Suite(.timeLimit(.minutes(1))) struct RequestDeadlinesTests {
    @Test func everyWaitEndsAtItsDeadlineAndNeverBefore() async {
        let deadlines = RequestDeadlines(resolution: .milliseconds(10))
        let start = ContinuousClock.now
        let ended = await withTaskGroup(of: Int.self) { group in
            for (index, delay) in [300, 50, 150].enumerated() {
                group.addTask {
                    await deadlines.wait(until: start + .milliseconds(delay))
                    #expect(ContinuousClock.now >= start + .milliseconds(delay))
                    return index
                }
            }
            var ended: [Int] = []
            for await index in group { ended.append(index) }
            return ended
        }
        #expect(ended.sorted() == [0, 1, 2])
        // The timer stopped with the last wait; a new wait starts it again.
        let again = ContinuousClock.now
        await deadlines.wait(until: again + .milliseconds(20))
        #expect(ContinuousClock.now >= again + .milliseconds(20))
    }

    @Test func aCancelledWaitEndsLongBeforeItsDeadline() async {
        let deadlines = RequestDeadlines(resolution: .milliseconds(10))
        let start = ContinuousClock.now
        let waiting = Task { await deadlines.wait(until: start + .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await waiting.value
        // Cancelled before it began: it does not wait either.
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await deadlines.wait(until: .now + .seconds(30))
        }
        await cancelled.value
        #expect(ContinuousClock.now < start + .seconds(20))
    }
}
