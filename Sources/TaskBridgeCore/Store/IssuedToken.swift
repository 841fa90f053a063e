/// A token just made: the only moment its secret exists outside the client's hands.
public struct IssuedToken: Sendable {
    /// The stored description.
    public var token: APIToken
    /// The bearer token (`tb_…`) to hand to the client; only its SHA-256 is stored.
    public var secret: String
}
