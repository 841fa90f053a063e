extension HTTPSession {
    /// Sends one mail over SMTP on the session's loop thread, off the cooperative pool, with TLS required.
    ///
    /// Returns once the server accepted the message (its final `250`). Throws `HTTPClientError`: `.tls` when the
    /// server offers no STARTTLS or its certificate fails, `.loginDenied` when `AUTH` is refused, `.refused` when
    /// the server refuses the sender, a recipient or the message, `.invalidRequest` for a bad URL or address,
    /// and the kinds of any transfer otherwise; `CancellationError` when the calling task is cancelled.
    public func submit(_ submission: SMTPSubmission) async throws {
        let transfer = try Transfer(submission, configuration: configuration)
        _ = try await run(transfer)
    }
}
