/// Length limits on submitted text, counted in Unicode scalars (code points): what JSON Schema's `maxLength`
/// counts, so the API and its OpenAPI document agree on every string.
public enum TaskLimits {
    /// The longest title accepted.
    public static let title = 512
    /// The longest description accepted: Trello's own maximum for a card's description.
    public static let description = 16384
}
