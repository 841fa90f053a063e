import ArgumentParser
import Foundation
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker

/// `taskbridge board webhook status|register|remove`: the Trello webhook that brings card changes back.
struct BoardWebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Show, register or remove the board's Trello webhook, which calls PUBLIC_BASE_URL/trello/webhook.",
        subcommands: [Status.self, Register.self, Remove.self]
    )

    /// The board and the public base URL the webhook calls.
    struct Options: ParsableArguments {
        @OptionGroup var board: BoardOptions

        @Option(name: .customLong("public-base-url"), help: "The API's public base URL (default: $PUBLIC_BASE_URL).")
        var publicBaseURL: String?

        /// Runs `body` with the board's webhook; missing settings and Trello's refusals become one line.
        func withWebhook<Value: Sendable>(_ body: (BoardWebhook) async throws -> Value) async throws -> Value {
            var environment = board.environment
            if let publicBaseURL { environment["PUBLIC_BASE_URL"] = publicBaseURL }
            var reader = EnvironmentReader(environment)
            let base = reader.url("PUBLIC_BASE_URL", schemes: ["https", "http"])
            let settings = TrelloSettings(reading: &reader)
            do {
                try reader.finish()
            } catch {
                throw CommandFailure("\(error)")
            }
            let callbackURL = TrelloWebhookAddress.callbackURL(publicBaseURL: base)
            do {
                return try await BoardWebhook.with(
                    trello: settings, callbackURL: callbackURL, logger: CommandLog.logger, body)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
    }

    /// `status`: exits 0 when an active webhook calls back, 3 when there is none or Trello turned it off.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether an active webhook calls the bridge back; exit 3 when none does (run register).")

        @OptionGroup var options: Options

        func run() async throws {
            try await reportingFailure {
                let (webhooks, callbackURL) = try await options.withWebhook { (try await $0.status(), $0.callbackURL) }
                guard !webhooks.isEmpty else {
                    print("no webhook calls \(callbackURL) for this board")
                    throw ExitCode(3)
                }
                for webhook in webhooks { print(webhook.line) }
                if !webhooks.contains(where: \.active) { throw ExitCode(3) }
            }
        }
    }

    /// `register`: idempotent; repairs a webhook Trello deactivated.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the webhook unless it exists; turn it back on when Trello turned it off.")

        @OptionGroup var options: Options

        func run() async throws {
            try await reportingFailure {
                switch try await options.withWebhook({ try await $0.register() }) {
                case .unchanged(let webhook): print("already registered: \(webhook.line)")
                case .reactivated(let webhook): print("reactivated: \(webhook.line)")
                case .created(let webhook): print("registered: \(webhook.line)")
                }
            }
        }
    }

    /// `remove`: deletes the bridge's webhooks on the board.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the webhook that calls the bridge back.")

        @OptionGroup var options: Options

        func run() async throws {
            try await reportingFailure {
                let removed = try await options.withWebhook { try await $0.remove() }
                print(removed == 0 ? "no webhook to remove" : "removed \(removed) webhook(s)")
            }
        }
    }
}
