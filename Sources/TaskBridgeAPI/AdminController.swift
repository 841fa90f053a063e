import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PostgresClient
import TaskBridgeCore

/// The `/v1/admin` routes: routes and credentials, listed, added and removed. Authentication with the `admin`
/// scope happens before them; a credential's secret goes in once and never comes out.
struct AdminController: Sendable {
    /// The stored routes.
    let routes: RouteStore
    /// The stored credentials.
    let credentials: CredentialStore
    /// Seals new credentials; nil when the API has no `TASKBRIDGE_SECRET_KEY`, and then none can be added here.
    let sealer: CredentialSealer?

    /// Adds the routes to `group` (mounted at `/v1/admin`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("routes", use: listRoutes)
        group.post("routes", use: addRoute)
        group.delete("routes/{name}", use: removeRoute)
        group.get("credentials", use: listCredentials)
        group.post("credentials", use: addCredential)
        group.delete("credentials/{name}", use: removeCredential)
    }

    /// `GET /v1/admin/routes`.
    @Sendable func listRoutes(_ request: Request, context: APIRequestContext) async throws -> RouteList {
        RouteList(routes: try await routes.list().map(RouteBody.init))
    }

    /// `POST /v1/admin/routes`.
    @Sendable func addRoute(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<RouteBody> {
        let body: NewRoute = try await Self.decode(request)
        var problems: [FieldProblem] = []
        Self.checkName(body.name, problems: &problems)
        if body.destinations.isEmpty {
            problems.append(FieldProblem(field: "destinations", code: .empty, message: "must name at least one board"))
        }
        if let position = body.position, position < 1 {
            problems.append(FieldProblem(field: "position", code: .notAllowedValue, message: "must be 1 or more"))
        }
        let match = RouteMatch(type: body.match?.type, category: body.match?.category, team: body.match?.team)
        for problem in match.problems {
            problems.append(FieldProblem(field: "match", code: .notAllowedValue, message: problem))
        }
        var channels: [ChannelDestination] = []
        for (index, channel) in (body.channels ?? []).enumerated() {
            do {
                channels.append(try channel.destination())
            } catch {
                problems.append(FieldProblem(field: "channels[\(index)]", code: .notAllowedValue, message: "\(error)"))
            }
        }
        guard problems.isEmpty else { throw Problem.validationFailed(problems) }
        let destinations = body.destinations.map {
            TrelloDestination(boardID: $0.boardID, listName: $0.listName ?? "To Do", credential: $0.credential)
        }
        do {
            let route = try await routes.add(
                name: body.name, match: match, destinations: destinations, channels: channels, position: body.position)
            return EditedResponse(status: .created, response: RouteBody(route))
        } catch let error as RouteStoreError {
            switch error {
            case .nameTaken: throw Problem(.nameTaken, detail: "\(error).")
            case .unknownCredential(_, kind: "trello"), .noDestination, .badMatch:
                throw Problem.validationFailed([FieldProblem(field: "destinations", code: .notAllowedValue, message: "\(error)")])
            case .unknownCredential:
                throw Problem.validationFailed([FieldProblem(field: "channels", code: .notAllowedValue, message: "\(error)")])
            }
        }
    }

    /// `DELETE /v1/admin/routes/{name}`.
    @Sendable func removeRoute(_ request: Request, context: APIRequestContext) async throws -> HTTPResponse.Status {
        let name = context.parameters.get("name") ?? ""
        guard try await routes.remove(name: name) else {
            throw Problem(.notFound, detail: "There is no route named \(name.prefix(200)).")
        }
        return .noContent
    }

    /// `GET /v1/admin/credentials`.
    @Sendable func listCredentials(_ request: Request, context: APIRequestContext) async throws -> CredentialList {
        CredentialList(credentials: try await credentials.list().map(CredentialBody.init))
    }

    /// `POST /v1/admin/credentials`.
    @Sendable func addCredential(_ request: Request, context: APIRequestContext) async throws
        -> EditedResponse<CredentialBody>
    {
        guard let sealer else {
            throw Problem(
                .secretKeyMissing, detail: "The API has no TASKBRIDGE_SECRET_KEY, so it cannot seal a credential.")
        }
        let body: NewCredential = try await Self.decode(request)
        var problems: [FieldProblem] = []
        Self.checkName(body.name, problems: &problems)
        let kind = body.kind ?? "trello"
        let fields = Credential.kinds[kind] ?? []
        if fields.isEmpty {
            let kinds = Credential.kinds.keys.sorted().joined(separator: ", ")
            problems.append(FieldProblem(field: "kind", code: .notAllowedValue, message: "must be one of \(kinds)"))
        }
        let given = body.fields
        for field in fields where (given[field] ?? "").isEmpty {
            problems.append(FieldProblem(field: field, code: .required, message: "is required for a \(kind) credential"))
        }
        for field in given.keys.sorted() where !fields.isEmpty && !fields.contains(field) {
            problems.append(FieldProblem(field: field, code: .notAllowedValue, message: "is not a field of a \(kind) credential"))
        }
        guard problems.isEmpty else { throw Problem.validationFailed(problems) }
        do {
            let credential = try await credentials.add(
                name: body.name, kind: kind, secret: CredentialSecret(fields: given), sealer: sealer)
            return EditedResponse(status: .created, response: CredentialBody(credential))
        } catch let error as CredentialStoreError {
            switch error {
            case .nameTaken: throw Problem(.nameTaken, detail: "\(error).")
            case .unknownKind, .badFields, .inUse, .badValue:
                throw Problem.validationFailed([FieldProblem(field: nil, code: .notAllowedValue, message: "\(error)")])
            }
        }
    }

    /// `DELETE /v1/admin/credentials/{name}`.
    @Sendable func removeCredential(_ request: Request, context: APIRequestContext) async throws -> HTTPResponse.Status {
        let name = context.parameters.get("name") ?? ""
        do {
            guard try await credentials.remove(name: name) else {
                throw Problem(.notFound, detail: "There is no credential named \(name.prefix(200)).")
            }
        } catch let error as CredentialStoreError {
            throw Problem(.credentialInUse, detail: "\(error).")
        }
        return .noContent
    }

    /// The body as `Body`, after the JSON checks every body gets; a wrong shape is a 422 naming the field.
    private static func decode<Body: Decodable>(_ request: Request) async throws -> Body {
        try TasksController.requireJSON(request)
        let bytes = try await TasksController.collectBody(request)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw Problem.validationFailed([FieldProblem(field: key.stringValue, code: .required, message: "is required")])
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Problem.validationFailed([FieldProblem(field: field, code: .wrongType, message: "has the wrong type")])
        } catch {
            throw Problem(.malformedJSON, detail: "The body is not valid JSON.")
        }
    }

    private static func checkName(_ name: String, problems: inout [FieldProblem]) {
        if name.allSatisfy(\.isWhitespace) {
            problems.append(FieldProblem(field: "name", code: .empty, message: "must not be blank"))
        } else if name.count > 200 {
            problems.append(FieldProblem(field: "name", code: .tooLong, message: "must be at most 200 characters"))
        }
    }

    /// `POST /v1/admin/routes`'s body.
    struct NewRoute: Decodable {
        var name: String
        var position: Int?
        var match: Match?
        var destinations: [Destination]
        var channels: [Channel]?

        struct Match: Decodable {
            var type: String?
            var category: String?
            var team: String?
        }

        struct Destination: Decodable {
            var boardID: String
            var listName: String?
            var credential: String

            enum CodingKeys: String, CodingKey {
                case boardID = "board_id", listName = "list_name", credential
            }
        }

        /// A Slack or email destination; a template left out is the default one.
        struct Channel: Decodable {
            var kind: String
            var credential: String
            var on: [String]?
            var text: String?
            var from: String?
            var to: [String]?
            var subject: String?
            var body: String?

            /// The checked destination; throws `ChannelDestinationError` naming what is wrong.
            func destination() throws -> ChannelDestination {
                let moments = try (on ?? NotificationMoment.defaults.map(\.rawValue)).map { name in
                    guard let moment = NotificationMoment(rawValue: name) else {
                        throw ChannelDestinationError("on names \(name.prefix(50)), which is not accepted, carded or failed")
                    }
                    return moment
                }
                switch kind {
                case "slack":
                    return try ChannelDestination(
                        credential: credential, moments: moments,
                        message: .slack(text: text ?? ChannelDestination.defaultSlackText))
                case "email":
                    return try ChannelDestination(
                        credential: credential, moments: moments,
                        message: .email(
                            from: from ?? "", to: to ?? [], subject: subject ?? ChannelDestination.defaultSubject,
                            body: body ?? ChannelDestination.defaultBody))
                default:
                    throw ChannelDestinationError("kind must be slack or email")
                }
            }
        }
    }

    /// `POST /v1/admin/credentials`'s body: the only time a secret travels to the API. The secret's fields are
    /// the kind's (`Credential.kinds`): `key` and `token`, `hook_url`, or `server`, `username` and `password`.
    struct NewCredential: Decodable {
        var name: String
        var kind: String?
        var fields: [String: String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            name = try container.decode(String.self, forKey: AnyKey("name"))
            kind = try container.decodeIfPresent(String.self, forKey: AnyKey("kind"))
            fields = [:]
            for key in container.allKeys where !["name", "kind"].contains(key.stringValue) {
                fields[key.stringValue] = try container.decode(String.self, forKey: key)
            }
        }

        /// Any member name.
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    /// A route as the API shows it.
    struct RouteBody: ResponseEncodable {
        var name: String
        var position: Int
        var match: [String: String]
        var destinations: [[String: String]]
        var channels: [ChannelBody]

        init(_ route: Route) {
            name = route.name
            position = route.position
            match = [("type", route.match.type), ("category", route.match.category), ("team", route.match.team)]
                .reduce(into: [:]) { fields, pair in fields[pair.0] = pair.1 }
            destinations = route.destinations.map {
                ["board_id": $0.boardID, "list_name": $0.listName, "credential": $0.credential ?? ""]
            }
            channels = route.channels.map(ChannelBody.init)
        }
    }

    /// A channel as the API shows it: its kind, credential's name, moments and templates.
    struct ChannelBody: Encodable {
        var kind: String
        var credential: String
        var on: [String]
        var text: String?
        var from: String?
        var to: [String]?
        var subject: String?
        var body: String?

        init(_ channel: ChannelDestination) {
            kind = channel.kind
            credential = channel.credential
            on = channel.moments.map(\.rawValue)
            switch channel.message {
            case .slack(let text): self.text = text
            case .email(let from, let to, let subject, let body): (self.from, self.to, self.subject, self.body) = (from, to, subject, body)
            }
        }
    }

    /// `GET /v1/admin/routes`'s answer.
    struct RouteList: ResponseEncodable {
        var routes: [RouteBody]
    }

    /// A credential as the API shows it: never its secret.
    struct CredentialBody: ResponseEncodable {
        var name: String
        var kind: String
        var fingerprint: String
        var sealedUnder: String
        var createdAt: String

        init(_ credential: Credential) {
            name = credential.name
            kind = credential.kind
            fingerprint = credential.fingerprint
            sealedUnder = credential.keyFingerprint
            createdAt = credential.createdAt.formatted(.iso8601)
        }

        enum CodingKeys: String, CodingKey {
            case name, kind, fingerprint, sealedUnder = "sealed_under", createdAt = "created_at"
        }
    }

    /// `GET /v1/admin/credentials`'s answer.
    struct CredentialList: ResponseEncodable {
        var credentials: [CredentialBody]
    }
}
