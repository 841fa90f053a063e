import TaskBridgeCore
import Testing

@Suite(.timeLimit(.minutes(3))) struct TaskKindsTests {
    @Test func registersTheThreeKindsInOrder() {
        #expect(TaskKinds.names == ["issue", "bug", "task"])
    }

    @Test func looksKindsUpByExactName() {
        #expect(TaskKinds.named("bug")?.name == "bug")
        #expect(TaskKinds.named("Bug") == nil)
        #expect(TaskKinds.named("story") == nil)
    }

    @Test func listsEveryLabelTheBoardNeedsOnce() {
        #expect(TaskKinds.requiredLabels == ["Bug", "Maintenance", "Research", "Test"])
    }

    @Test func statusesMatchTheSchema() {
        #expect(TaskStatus.allCases.map(\.rawValue) == ["queued", "dispatching", "retrying", "done", "failed", "discarded"])
    }
}
