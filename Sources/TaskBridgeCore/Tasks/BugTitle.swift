/// The title a bug gets at acceptance: `bug-{word}-{number}`, a word from `words` and a random number, easy to
/// say aloud in a stand-up. Titles are not unique; the task id is what identifies a bug.
public enum BugTitle {
    /// The range the number is drawn from.
    public static let numbers = 1...9999

    /// A new title, drawn from `rng` so tests can fix it with a seeded generator.
    public static func make<R: RandomNumberGenerator>(using rng: inout R) -> String {
        let word = words[Int.random(in: words.indices, using: &rng)]
        return "bug-\(word)-\(Int.random(in: numbers, using: &rng))"
    }
}
