/// Runs `body`, then `release` whether `body` returned or threw: the `await` that Swift's `defer` cannot hold.
func running<Value>(_ body: () async throws -> Value, thenAlways release: () async -> Void) async throws -> Value {
    do {
        let value = try await body()
        await release()
        return value
    } catch {
        await release()
        throw error
    }
}
