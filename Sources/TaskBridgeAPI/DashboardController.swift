import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RedisClient
import TaskBridgeCore
import TaskBridgeJSON

/// The dashboard at `/ui`: server-rendered pages over the same stores as the API, behind a session opened with an
/// API token. Sessions live in PostgreSQL, so any replica serves any request; every POST carries the session's
/// CSRF token; a session that may not write sees no buttons and is refused at every POST.
struct DashboardController: Sendable {
    /// The session cookie's name.
    static let cookie = "tb_session"
    /// The sign-in form's cookie: its value must come back in the form, so no other site can sign a browser in.
    static let signInCookie = "tb_signin"
    /// How long a session lasts.
    static let sessionLifetime: Duration = .seconds(8 * 3600)

    let tasks: any TaskRepository
    let intake: TaskIntake
    let authenticator: TokenAuthenticator
    let sessions: DashboardSessionStore
    let history: any HistoryRepository
    let alerts: AlertStore
    let redis: RedisPool
    let stream: DispatchStream
    let fleetStateKey: String
    let assets: DashboardAssets

    /// Adds the routes to `router`.
    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("ui") { _, _ in DashboardResponse.redirect("/ui/overview") }
        router.get("ui/assets/dashboard.css") { _, _ in DashboardResponse.asset(assets.css, contentType: "text/css; charset=utf-8") }
        router.get("ui/assets/dashboard.js") { _, _ in
            DashboardResponse.asset(assets.script, contentType: "text/javascript; charset=utf-8")
        }
        router.get("ui/signin") { request, _ in
            let csrf = DashboardSessionStore.newSecret()
            return DashboardResponse.page(
                DashboardPages.signIn(csrf: csrf, error: nil, notice: request.uri.queryParameters.get("notice")),
                headers: [.setCookie: Self.cookieHeader(Self.signInCookie, csrf, maxAge: 3600, request: request)])
        }
        router.post("ui/signin", use: signIn)
        router.post("ui/signout", use: signOut)
        router.get("ui/overview", use: overview)
        router.get("ui/tasks", use: list)
        router.get("ui/tasks/{id}", use: show)
        router.post("ui/tasks/{id}/retry", use: retry)
        router.post("ui/tasks/{id}/discard", use: discard)
        router.get("ui/retry-failed", use: confirmRetryAll)
        router.post("ui/retry-failed", use: retryAll)
        router.get("ui/new", use: newTask)
        router.post("ui/new", use: file)
    }

    // MARK: Sessions

    @Sendable func signIn(_ request: Request, context: APIRequestContext) async throws -> Response {
        let form = try await DashboardForm.read(request)
        // Login CSRF: the form's token must be the one this browser's sign-in cookie holds.
        guard let csrf = DashboardForm.cookie(Self.signInCookie, in: request), !csrf.isEmpty,
            let sent = form.fields["csrf"], Self.constantTimeEqual(sent, csrf)
        else {
            throw DashboardRefusal(status: .forbidden, message: "The sign-in form is out of date; reload it and sign in again.")
        }
        guard let token = form["token"], let grant = try await authenticator.authenticate(token) else {
            return DashboardResponse.page(
                DashboardPages.signIn(csrf: csrf, error: "The token is unknown or revoked.", notice: nil),
                status: .unauthorized)
        }
        guard grant.scopes.contains(.tasksRead) else {
            return DashboardResponse.page(
                DashboardPages.signIn(csrf: csrf, error: "The token may not read tasks (it lacks tasks:read).", notice: nil),
                status: .forbidden)
        }
        let (secret, _) = try await sessions.open(
            tokenID: grant.id, canWrite: Self.canWrite(grant), lifetime: Self.sessionLifetime)
        return DashboardResponse.redirect("/ui/overview", headers: [
            .setCookie: Self.cookieHeader(
                Self.cookie, secret, maxAge: Int(Self.sessionLifetime.components.seconds), request: request),
            .setCookie: Self.cookieHeader(Self.signInCookie, "", maxAge: 0, request: request),
        ])
    }

    /// A `Set-Cookie` value the page's scripts cannot read and no other site's request carries; `Secure` behind
    /// a proxy that says the browser used HTTPS.
    static func cookieHeader(_ name: String, _ value: String, maxAge: Int, request: Request) -> String {
        let secure = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "; Secure" : ""
        return "\(name)=\(value); Path=/ui; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)\(secure)"
    }

    @Sendable func signOut(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (secret, _, _) = try await post(request, write: false)
        try await sessions.close(secret: secret)
        return DashboardResponse.redirect("/ui/signin?notice=signed-out", headers: [
            .setCookie: Self.cookieHeader(Self.cookie, "", maxAge: 0, request: request)
        ])
    }

    /// Whether a session opened with this token may write: a token without `tasks:write` is read-only here, with
    /// no Retry, Discard or File a task, and every POST of its session refused.
    static func canWrite(_ grant: TokenGrant) -> Bool {
        grant.scopes.contains(.tasksWrite)
    }

    /// The request's session and the cookie's secret; a browser without one is sent to sign in.
    func session(_ request: Request) async throws -> (secret: String, session: DashboardSession) {
        guard let secret = DashboardForm.cookie(Self.cookie, in: request), !secret.isEmpty,
            let session = try await sessions.session(secret: secret)
        else { throw DashboardRedirect(location: "/ui/signin") }
        return (secret, session)
    }

    /// The session and form of a POST, refused unless the form carries the session's CSRF token and, for a
    /// `write`, the session may write.
    func post(_ request: Request, write: Bool) async throws -> (String, DashboardSession, DashboardForm) {
        let (secret, session) = try await self.session(request)
        let form = try await DashboardForm.read(request)
        guard let csrf = form.fields["csrf"], Self.constantTimeEqual(csrf, session.csrfToken) else {
            throw DashboardRefusal(
                status: .forbidden, message: "The form is out of date or did not come from this dashboard; reload and try again.")
        }
        guard !write || session.canWrite else {
            throw DashboardRefusal(status: .forbidden, message: "This session's token may read but not change tasks.")
        }
        return (secret, session, form)
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: Tasks

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session) = try await self.session(request)
        let parameters = request.uri.queryParameters
        var query = TaskListQuery(limit: 25)
        query.status = parameters.get("status").flatMap(TaskStatus.init(rawValue:))
        query.type = parameters.get("type").flatMap { TaskKinds.named($0) != nil ? $0 : nil }
        query.category = parameters.get("category").flatMap { CategorizedTaskKind.categories.contains($0) ? $0 : nil }
        query.titleContains = parameters.get("q").map { String($0.prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        query.cursor = parameters.get("cursor").flatMap(TaskCursor.init(encoded:))
        let page = try await tasks.list(query)
        let failed = try await tasks.list(TaskListQuery(status: .failed, limit: 1)).tasks.count
        return DashboardResponse.page(DashboardPages.tasks(
            page, query: query, session: session, notice: parameters.get("notice"), failedCount: failed))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session) = try await self.session(request)
        let task = try await findTask(context)
        let events = try await tasks.history(of: task.id)
        return DashboardResponse.page(DashboardPages.task(
            task, events: events, session: session, notice: request.uri.queryParameters.get("notice")))
    }

    @Sendable func retry(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try await post(request, write: true)
        let task = try await findTask(context)
        if case .retried = try await tasks.retry(id: task.id, detail: "retried from the dashboard") {
            await intake.enqueue([task.id])
        }
        return DashboardResponse.redirect("/ui/tasks/\(DashboardPages.path(task.id))?notice=retried")
    }

    @Sendable func discard(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try await post(request, write: true)
        let task = try await findTask(context)
        _ = try await tasks.discard(id: task.id, detail: "discarded from the dashboard")
        return DashboardResponse.redirect("/ui/tasks/\(DashboardPages.path(task.id))?notice=discarded")
    }

    @Sendable func confirmRetryAll(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session) = try await self.session(request)
        guard session.canWrite else {
            throw DashboardRefusal(status: .forbidden, message: "This session's token may read but not change tasks.")
        }
        let page = try await tasks.list(TaskListQuery(status: .failed, limit: TaskListQuery.maximumLimit))
        return DashboardResponse.page(
            DashboardPages.confirmRetryAll(count: page.tasks.count, more: page.next != nil, session: session))
    }

    @Sendable func retryAll(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try await post(request, write: true)
        let retried = try await tasks.retryEveryFailed(detail: "retried from the dashboard (all failed)")
        await intake.enqueue(retried)
        return DashboardResponse.redirect("/ui/tasks?notice=retried-all")
    }

    private func findTask(_ context: APIRequestContext) async throws -> TaskRecord {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let task = try await tasks.task(id: id)
        else { throw DashboardRefusal(status: .notFound, message: "There is no such task.") }
        return task
    }

    // MARK: Filing

    @Sendable func newTask(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session) = try await self.session(request)
        guard session.canWrite else {
            throw DashboardRefusal(status: .forbidden, message: "This session's token may read but not file tasks.")
        }
        return DashboardResponse.page(DashboardPages.newTask(values: [:], problems: [], session: session))
    }

    /// Files the form as the API would a JSON body with its non-empty fields, so the messages are the API's.
    @Sendable func file(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session, form) = try await post(request, write: true)
        var body: [String: JSONValue] = [:]
        var values: [String: String] = [:]
        for name in ["type", "title", "description", "category"] {
            if let value = form[name] {
                body[name] = .string(value)
                values[name] = value
            }
        }
        let task: NewTask
        do {
            task = try TaskKinds.validate(.object(body))
        } catch {
            return DashboardResponse.page(
                DashboardPages.newTask(values: values, problems: error.problems, session: session),
                status: .unprocessableContent)
        }
        let outcome = try await intake.submit(
            TaskSubmission(task: task, tokenID: session.tokenID, idempotencyKey: nil, requestHash: nil))
        guard case .created(let record) = outcome else {
            throw DashboardRefusal(status: .internalServerError, message: "The task could not be filed.")
        }
        return DashboardResponse.redirect("/ui/tasks/\(DashboardPages.path(record.id))?notice=filed")
    }

    // MARK: Overview

    @Sendable func overview(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (_, session) = try await self.session(request)
        let now = Date()
        let query = HistoryQuery(window: 24 * 3600, step: 300)
        let series = try await history.history(query, now: now)
        let grid = query.grid(now: now)
        // Redis down leaves these unknown; the rest of the page is PostgreSQL's.
        let depth = try? await stream.depth().map { ($0.undelivered ?? 0) + $0.pending } ?? 0
        let overview = DashboardOverview(
            fleet: try? await FleetState.read(from: redis, key: fleetStateKey),
            queueDepth: depth,
            lagP95: Self.latest(series, .lagP95, within: 3600, of: grid.upperBound),
            budgetShare: Self.budgetShare(series, at: grid.upperBound, step: query.step),
            workers: Self.latest(series, .workers, within: 900, of: grid.upperBound),
            alerts: try await alerts.recent(limit: 10),
            lastErrors: try await lastErrors(),
            charts: Self.charts(series, span: grid))
        return DashboardResponse.page(DashboardPages.overview(overview, session: session))
    }

    /// The five newest errors: failed tasks' and the transient ones of tasks waiting to be retried.
    private func lastErrors() async throws -> [TaskRecord] {
        let failed = try await tasks.list(TaskListQuery(status: .failed, limit: 5)).tasks
        let retrying = try await tasks.list(TaskListQuery(status: .retrying, limit: 5)).tasks
        return Array((failed + retrying).sorted { $0.updatedAt > $1.updatedAt }.prefix(5))
    }

    /// The charts of the overview: tasks accepted, carded and failed (all types together), lag p95, and Trello's
    /// 429s and 5xx.
    static func charts(_ series: [HistorySeries], span: ClosedRange<Int>) -> [SVGChart] {
        func line(_ figure: StatsFigure, _ label: String) -> SVGChart.Line {
            let matching = series.filter { $0.figure == figure }
            var sums: [Int: Double] = [:]
            for one in matching { for point in one.points { sums[point.time, default: 0] += point.value } }
            let points = sums.keys.sorted().map { HistorySeries.Point(time: $0, value: sums[$0]!) }
            return SVGChart.Line(label: label, cssClass: figure.rawValue, points: points)
        }
        return [
            SVGChart(id: "chart-tasks", title: "Tasks per 5 minutes", unit: "", lines: [
                line(.accepted, "accepted"), line(.carded, "carded"), line(.failed, "failed"),
            ], span: span),
            SVGChart(id: "chart-lag", title: "Lag from acceptance to card, p95", unit: "s", lines: [
                line(.lagP95, "lag p95"),
            ], span: span),
            SVGChart(id: "chart-trello", title: "Trello errors per 5 minutes", unit: "", lines: [
                line(.trello429, "429"), line(.trello5xx, "5xx"),
            ], span: span),
        ]
    }

    /// The newest value of `figure` in the last `within` seconds before `end`.
    static func latest(_ series: [HistorySeries], _ figure: StatsFigure, within: Int, of end: Int) -> Double? {
        series.filter { $0.figure == figure }.flatMap(\.points).filter { $0.time > end - within }
            .max { $0.time < $1.time }?.value
    }

    /// Trello requests over the last full step, as a share of the token's default budget over a step.
    static func budgetShare(_ series: [HistorySeries], at end: Int, step: Int) -> Double? {
        let requests = series.filter { $0.figure == .trelloRequests }.flatMap(\.points)
            .filter { $0.time == end - step }.map(\.value).reduce(0, +)
        let limits = TrelloRateLimits()
        let budget = Double(limits.tokenLimit) * Double(step) / Double(limits.window.components.seconds)
        return requests > 0 ? requests / budget : nil
    }
}

/// The dashboard's stylesheet and script, read once from the module's resources.
struct DashboardAssets: Sendable {
    let css: ByteBuffer
    let script: ByteBuffer

    /// The assets this module ships; throws when Package.swift did not declare them.
    static func bundled() throws -> DashboardAssets {
        func read(_ name: String, _ ext: String) throws -> ByteBuffer {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
                throw APIDocumentationError(
                    path: Bundle.module.bundlePath, problem: "has no \(name).\(ext): Package.swift must declare it a resource")
            }
            return ByteBuffer(bytes: try Data(contentsOf: url))
        }
        return DashboardAssets(css: try read("dashboard", "css"), script: try read("dashboard", "js"))
    }
}
