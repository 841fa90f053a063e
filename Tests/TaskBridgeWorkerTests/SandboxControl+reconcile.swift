import CurlClient
import Foundation
import TaskBridgeCore
import Trello
import Testing
import TrelloSandbox

/// What the reconciler tests do to the sandbox's board by hand, as a person (or their script) would through
/// Trello's API, and what they read back from its admin routes.
extension SandboxControl {
    /// The route of the board's card listings, as the request log names it.
    static let cardListing = "GET /1/boards/{id}/cards/{filter}"

    private var credentials: TrelloCredentials {
        TrelloCredentials(key: Credentials.defaultKey, token: Credentials.defaultToken)
    }

    /// Makes a card in "To Do" through Trello's API: with the footer of `footerOf` when given, else a plain one.
    @discardableResult
    func makeCard(name: String = "made by hand", footerOf taskID: UUID? = nil) async throws -> TrelloCard {
        let lists = try await board().lists
        let listID = try #require(lists.first { $0.name == "To Do" } ?? lists.first).id
        let description = taskID.map { CardFooter.cardDescription(body: "copied by hand", taskID: $0) } ?? "no footer"
        let client = TrelloClient(baseURL: baseURL, credentials: credentials, session: session)
        return try await client.createCard(listID: listID, name: name, description: description, labelIDs: [], memberIDs: []).value
    }

    /// Makes a card in "To Do" of another board through Trello's API with that board's `credentials`, carrying
    /// the footer of `taskID`'s delivery `deliveryID`: a copy made by hand on a route's board.
    @discardableResult
    func makeCard(onBoard boardID: String, credentials: TrelloCredentials, footerOf taskID: UUID, delivery deliveryID: UUID)
        async throws -> TrelloCard
    {
        let client = TrelloClient(baseURL: baseURL, credentials: credentials, session: session)
        let listID = try #require(try await client.lists(board: boardID).value.first { $0.name == "To Do" }).id
        let description = CardFooter.cardDescription(body: "copied by hand", taskID: taskID, deliveryID: deliveryID)
        return try await client.createCard(
            listID: listID, name: "made by hand", description: description, labelIDs: [], memberIDs: []).value
    }

    /// Deletes a card through Trello's API.
    func deleteCard(_ id: String) async throws {
        try await send(.delete, "/cards/\(id)")
    }

    /// Archives (`true`) or unarchives a card through Trello's API.
    func setClosed(_ id: String, _ closed: Bool) async throws {
        try await send(.put, "/cards/\(id)?closed=\(closed)")
    }

    /// Seeds `count` plain cards at once (`POST /_sandbox/cards`), each with `description` when given, dated
    /// `ageSeconds` back; returns the last one's id.
    @discardableResult
    func seedCards(_ count: Int, description: String? = nil, ageSeconds: Int = 0) async throws -> String {
        let desc = description.map { #", "desc": "\#($0)""# } ?? ""
        let body = #"{"count": \#(count), "ageSeconds": \#(ageSeconds)\#(desc)}"#
        var request = CurlClient.HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/_sandbox/cards", body: Array(body.utf8))
        request.headers.add("Content-Type", "application/json")
        struct Seeded: Decodable { let last: String }
        return try await session.execute(request).ensureSuccess().decode(Seeded.self).last
    }

    /// The board's cards made after card `id`, archived ones too, through Trello's paged listing: a large board's
    /// newest cards without reading the whole board.
    func cards(madeAfter id: String) async throws -> [TrelloCard] {
        let client = TrelloClient(baseURL: baseURL, credentials: credentials, session: session)
        return try await client.cards(board: boardID, filter: .all, since: id, before: nil, limit: 1000).value
    }

    /// The latest `/1` requests, oldest first.
    func requests() async throws -> [LoggedRequest] {
        try await session.execute(CurlClient.HTTPRequest(url: "http://127.0.0.1:\(port)/_sandbox/requests"))
            .ensureSuccess().decode()
    }

    /// The card listings so far, oldest first.
    func listings() async throws -> [LoggedRequest] {
        try await requests().filter { $0.route == Self.cardListing }
    }

    /// Every card carrying `taskID`'s footer, archived ones too.
    func cards(of taskID: UUID) async throws -> [TrelloCard] {
        try await cards().filter { CardFooter.taskID(in: $0.desc) == taskID }
    }

    private func send(_ method: CurlClient.HTTPMethod, _ path: String) async throws {
        var request = CurlClient.HTTPRequest(method: method, url: baseURL + path)
        request.headers.add("Authorization", credentials.authorizationHeader)
        _ = try await session.execute(request).ensureSuccess()
    }
}
