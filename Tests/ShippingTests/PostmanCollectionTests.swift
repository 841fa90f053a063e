import Foundation
import Testing

/// The Postman collection cannot drift from the API: each request matches the OpenAPI document, and a run of the
/// collection against a live API gets the status each request expects.
@Suite(.timeLimit(.minutes(3))) struct PostmanCollectionTests {
    static let collectionFile = "taskbridge.postman_collection.json"
    static let environmentFile = "local.postman_environment.json"

    @Test func theFilesAreACollectionV21AndAnEnvironmentForTheLocalRun() throws {
        let collection = try PostmanCollection(file: Self.collectionFile)
        #expect(collection.schema == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json")
        #expect(collection.requests.count >= 20)
        let environment = try PostmanCollection.environment(file: Self.environmentFile)
        #expect(environment["baseUrl"] == "http://127.0.0.1:8080")
        #expect(environment.keys.contains("token"))
        for request in collection.requests {
            #expect(request.expectedStatus != nil, "\(request.name) expects no status")
            #expect(request.unreadScripts.isEmpty, "\(request.name): scripts these tests cannot follow: \(request.unreadScripts)")
        }
    }

    @Test func everyRequestMatchesTheOpenAPIDocumentAndEveryRouteIsCovered() async throws {
        let collection = try PostmanCollection(file: Self.collectionFile)
        let document = try await LiveAPI.with { baseURL, _ in
            try await HTTP.send("GET", "\(baseURL)/openapi.json").body
        }
        let openAPI = try OpenAPIPaths(json: document)
        var covered: Set<String> = []
        for request in collection.requests {
            guard let operation = openAPI.operation(method: request.method, path: request.path) else {
                Issue.record("\(request.name): \(request.method) \(request.path) is not in the OpenAPI document")
                continue
            }
            covered.insert(operation.id)
            let status = try #require(request.expectedStatus)
            #expect(operation.statuses.contains(String(status)), "\(request.name): \(operation.id) documents no \(status)")
            guard (200..<300).contains(status) else { continue }
            for parameter in operation.requiredQuery {
                #expect(request.url.contains("\(parameter)="), "\(request.name) lacks the required \(parameter)")
            }
            if operation.hasRequestBody {
                let body = try #require(request.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any], "\(request.name) has no JSON body")
                let schema = try #require(openAPI.bodySchema(of: operation, for: body), "\(request.name): no schema for its body")
                let missing = Set(schema.required).subtracting(body.keys)
                #expect(missing.isEmpty, "\(request.name) lacks required fields \(missing.sorted())")
                if let allowed = schema.properties {
                    let unknown = Set(body.keys).subtracting(allowed)
                    #expect(unknown.isEmpty, "\(request.name) sends fields the schema lacks: \(unknown.sorted())")
                }
            }
        }
        #expect(covered == Set(openAPI.operations.map(\.id)), "routes without a request: \(Set(openAPI.operations.map(\.id)).subtracting(covered).sorted())")
    }

    @Test func aRunOfTheCollectionAgainstALiveAPIGetsEveryExpectedStatus() async throws {
        let collection = try PostmanCollection(file: Self.collectionFile)
        let environment = try PostmanCollection.environment(file: Self.environmentFile)
        try await LiveAPI.with { baseURL, token, adminToken in
            var variables = environment.merging(collection.variables) { $1 }
            variables["baseUrl"] = baseURL
            variables["token"] = token
            variables["adminToken"] = adminToken
            for request in collection.requests {
                for name in request.setsToNewUUID { variables[name] = UUID().uuidString }
                let url = PostmanCollection.substitute(request.url, variables)
                #expect(!url.contains("{{"), "\(request.name): unknown variable in \(url)")
                var headers: [String: String] = [:]
                for (name, value) in request.headers { headers[name] = PostmanCollection.substitute(value, variables) }
                let body = request.body.map { Data(PostmanCollection.substitute($0, variables).utf8) }
                let reply = try await HTTP.send(request.method, url, headers: headers, body: body)
                #expect(reply.status == request.expectedStatus, "\(request.name): \(String(decoding: reply.body, as: UTF8.self))")
                for (name, text) in request.expectedHeaders {
                    #expect(reply.headers[name]?.contains(text) == true, "\(request.name): \(name) is \(reply.headers[name] ?? "absent")")
                }
                for (variable, field) in request.savesFromResponse {
                    let value = (reply.json as? [String: Any])?[field] as? String
                    #expect(value != nil, "\(request.name): the response has no \(field)")
                    variables[variable] = value
                }
            }
        }
    }
}
