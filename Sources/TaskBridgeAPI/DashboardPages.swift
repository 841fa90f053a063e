import Foundation
import TaskBridgeCore

/// The dashboard's pages as HTML strings; every value from a user or the database is escaped here.
enum DashboardPages {
    /// Notices a redirect may ask a page to show, by key: only these texts ever appear, whatever the URL says.
    static let notices: [String: String] = [
        "retried": "The task is queued again.",
        "discarded": "The task is discarded.",
        "filed": "The task is filed.",
        "retried-all": "Every failed task is queued again.",
        "signed-out": "You are signed out.",
    ]

    /// The sign-in form carrying `csrf` (the sign-in cookie's value), with `error` above it.
    static func signIn(csrf: String, error: String?, notice: String?) -> String {
        let message = error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" }
            ?? notice.flatMap { notices[$0] }.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? ""
        return DashboardLayout.page(title: "Sign in", session: nil, active: nil, body: """
            <h1>Sign in</h1>
            \(message)
            <form method="post" action="/ui/signin" class="stack">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <label for="token">API token</label>
            <input id="token" name="token" type="password" autocomplete="off" required autofocus>
            <p class="hint">A token from <code>taskbridge tokens create --name NAME</code>. It is exchanged for a session
            cookie and not kept by the page.</p>
            <button type="submit">Sign in</button>
            </form>
            """)
    }

    /// The tasks table with its filters and pager.
    static func tasks(
        _ page: TaskPage, query: TaskListQuery, session: DashboardSession, notice: String?, failedCount: Int?
    ) -> String {
        func option(_ value: String, _ selected: String?) -> String {
            "<option value=\"\(HTML.escape(value))\"\(value == selected ? " selected" : "")>\(HTML.escape(value))</option>"
        }
        let filters = """
            <form method="get" action="/ui/tasks" class="filters" role="search">
            <label>Status <select name="status"><option value="">any</option>\
            \(TaskStatus.allCases.map { option($0.rawValue, query.status?.rawValue) }.joined())</select></label>
            <label>Type <select name="type"><option value="">any</option>\
            \(TaskKinds.names.map { option($0, query.type) }.joined())</select></label>
            <label>Category <select name="category"><option value="">any</option>\
            \(CategorizedTaskKind.categories.map { option($0, query.category) }.joined())</select></label>
            <label>Title <input type="search" name="q" value="\(HTML.escape(query.titleContains ?? ""))"></label>
            <button type="submit">Filter</button>
            </form>
            """
        let rows = page.tasks.map { task in
            var actions = ""
            if task.status == .failed && session.canWrite {
                actions = DashboardLayout.postButton("/ui/tasks/\(path(task.id))/retry", label: "Retry", session: session)
                    + DashboardLayout.postButton(
                        "/ui/tasks/\(path(task.id))/discard", label: "Discard", session: session, style: "secondary")
            }
            return """
                <tr><td><a href="/ui/tasks/\(path(task.id))">\(HTML.escape(task.title))</a>\
                \(task.status == .failed ? "<div class=\"error\">\(HTML.escape(task.lastError ?? "no error recorded"))</div>" : "")</td>\
                <td>\(HTML.escape(task.type))</td><td>\(HTML.escape(task.category ?? "—"))</td>\
                <td>\(DashboardLayout.badge(task.status))</td><td>\(cardLink(task))</td>\
                <td>\(time(task.updatedAt))</td><td>\(actions)</td></tr>
                """
        }.joined(separator: "\n")
        var pager = ""
        if query.cursor != nil { pager += "<a href=\"\(tasksURL(query, cursor: nil))\">First page</a> " }
        if let next = page.next { pager += "<a href=\"\(tasksURL(query, cursor: next))\" rel=\"next\">Next page</a>" }
        let retryAll = session.canWrite && (failedCount ?? 0) > 0
            ? "<p><a class=\"button\" href=\"/ui/retry-failed\">Retry all failed…</a></p>" : ""
        let message = notice.flatMap { notices[$0] }.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? ""
        return DashboardLayout.page(title: "Tasks", session: session, active: "Tasks", body: """
            <h1>Tasks</h1>
            \(message)
            \(filters)
            \(retryAll)
            <div class="table-wrap"><table id="tasks">
            <caption>Newest first\(page.tasks.isEmpty ? ": no task matches" : "")</caption>
            <thead><tr><th scope="col">Title</th><th scope="col">Type</th><th scope="col">Category</th>\
            <th scope="col">Status</th><th scope="col">Card</th><th scope="col">Updated</th><th scope="col">Actions</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            <nav class="pager" aria-label="Pages">\(pager)</nav>
            """)
    }

    /// One task: its fields, its card, and its timeline.
    static func task(_ task: TaskRecord, events: [TaskEvent], session: DashboardSession, notice: String?) -> String {
        let fields: [(String, String)] = [
            ("Status", DashboardLayout.badge(task.status)),
            ("Type", HTML.escape(task.type)),
            ("Category", HTML.escape(task.category ?? "—")),
            ("Description", HTML.escape(task.description ?? "—")),
            ("Card", cardLink(task)),
            ("Attempts", String(task.attempts)),
            ("Last error", HTML.escape(task.lastError ?? "—")),
            ("Accepted", time(task.createdAt)),
            ("Updated", time(task.updatedAt)),
            ("Done", task.doneAt.map(time) ?? "—"),
            ("Id", "<code>\(path(task.id))</code>"),
        ]
        let list = fields.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined()
        let timeline = events.map { event in
            "<li>\(time(event.at)) <span class=\"transition\">\(event.from.map { $0.rawValue + " → " } ?? "")"
                + "\(event.to.rawValue)</span>\(event.detail.map { " <span class=\"detail\">\(HTML.escape($0))</span>" } ?? "")</li>"
        }.joined()
        var actions = ""
        if task.status == .failed && session.canWrite {
            actions = "<div class=\"actions\">"
                + DashboardLayout.postButton("/ui/tasks/\(path(task.id))/retry", label: "Retry", session: session)
                + DashboardLayout.postButton(
                    "/ui/tasks/\(path(task.id))/discard", label: "Discard", session: session, style: "secondary")
                + "</div>"
        }
        let message = notice.flatMap { notices[$0] }.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? ""
        return DashboardLayout.page(title: task.title, session: session, active: "Tasks", body: """
            <p><a href="/ui/tasks">← Tasks</a></p>
            <h1>\(HTML.escape(task.title))</h1>
            \(message)
            \(actions)
            <dl class="fields">\(list)</dl>
            <h2>Timeline</h2>
            <ol id="timeline" class="timeline">\(timeline.isEmpty ? "<li>No events recorded.</li>" : timeline)</ol>
            """)
    }

    /// The confirmation before every failed task is retried.
    static func confirmRetryAll(count: Int, more: Bool, session: DashboardSession) -> String {
        let amount = "\(count)\(more ? " or more" : "") failed task\(count == 1 && !more ? "" : "s")"
        return DashboardLayout.page(title: "Retry all failed", session: session, active: "Tasks", body: """
            <h1>Retry all failed tasks?</h1>
            <p>This queues \(amount) again, each with its attempts reset.</p>
            <div class="actions">\(DashboardLayout.postButton("/ui/retry-failed", label: "Yes, retry \(amount)", session: session))
            <a class="button secondary" href="/ui/tasks?status=failed">Cancel</a></div>
            """)
    }

    /// The form to file a task, filled with `values`, with the API's `problems` beside their fields.
    static func newTask(values: [String: String], problems: [FieldProblem], session: DashboardSession) -> String {
        func errors(_ field: String?) -> String {
            let messages = problems.filter { $0.field == field }.map { "\($0.field ?? "body") \($0.message)" }
            return messages.map { "<p class=\"error\" id=\"\(field ?? "body")-error\" role=\"alert\">\(HTML.escape($0))</p>" }
                .joined()
        }
        // A field with a problem points at its message, so a screen reader reads it with the field.
        func invalid(_ field: String) -> String {
            problems.contains { $0.field == field } ? " aria-invalid=\"true\" aria-describedby=\"\(field)-error\"" : ""
        }
        let known: Set<String?> = ["type", "title", "description", "category"]
        let others = problems.filter { !known.contains($0.field) }
            .map { "<li>\(HTML.escape(($0.field.map { $0 + " " } ?? "") + $0.message))</li>" }.joined()
        func option(_ value: String, _ field: String) -> String {
            "<option value=\"\(value)\"\(values[field] == value ? " selected" : "")>\(value)</option>"
        }
        let summary = problems.isEmpty ? "" : """
            <div class="error-summary" role="alert"><p>The task was not filed: \(problems.count) \
            problem\(problems.count == 1 ? "" : "s").</p>\(others.isEmpty ? "" : "<ul>\(others)</ul>")</div>
            """
        return DashboardLayout.page(title: "File a task", session: session, active: "File a task", body: """
            <h1>File a task</h1>
            \(summary)
            <form method="post" action="/ui/new" class="stack" id="new-task" novalidate>
            <input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">
            <label for="type">Type</label>
            <select id="type" name="type"\(invalid("type"))><option value="">choose…</option>\
            \(TaskKinds.names.map { option($0, "type") }.joined())</select>\(errors("type"))
            <div class="field" data-for="issue task"><label for="title">Title</label>
            <input id="title" name="title"\(invalid("title")) value="\(HTML.escape(values["title"] ?? ""))">\(errors("title"))</div>
            <div class="field" data-for="issue bug"><label for="description">Description</label>
            <textarea id="description" name="description" rows="5"\(invalid("description"))>\(HTML.escape(values["description"] ?? ""))</textarea>\
            \(errors("description"))</div>
            <div class="field" data-for="task"><label for="category">Category</label>
            <select id="category" name="category"\(invalid("category"))><option value="">choose…</option>\
            \(CategorizedTaskKind.categories.map { option($0, "category") }.joined())</select>\(errors("category"))</div>
            <button type="submit">File the task</button>
            </form>
            """)
    }

    /// The bridge's health and the last 24 hours.
    static func overview(_ overview: DashboardOverview, session: DashboardSession) -> String {
        let fleet = overview.fleet.map { state in
            state.isPaused
                ? "<span class=\"badge status-failed\">paused</span> \(HTML.escape(state.reason ?? ""))"
                : "<span class=\"badge status-done\">running</span>"
        } ?? "unknown (Redis did not answer)"
        let figures: [(String, String)] = [
            ("Fleet", fleet),
            ("Queue depth", overview.queueDepth.map(String.init) ?? "unknown"),
            ("Lag p95 (last hour)", overview.lagP95.map { SVGChart.number($0) + " s" } ?? "no cards yet"),
            ("Trello budget used (last 5 min)", overview.budgetShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "none"),
            ("Workers", overview.workers.map { SVGChart.number($0) } ?? "none seen"),
        ]
        let health = figures.map { "<div class=\"figure\"><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined()
        let alerts = overview.alerts.map { alert in
            "<li class=\"\(alert.resolvedAt == nil ? "open" : "resolved")\">\(time(alert.raisedAt)) "
                + "<strong>\(HTML.escape(alert.figure))</strong>: \(HTML.escape(alert.detail))"
                + (alert.resolvedAt.map { " — resolved \(time($0))" } ?? " — <strong>open</strong>") + "</li>"
        }.joined()
        let errors = overview.lastErrors.map { task in
            "<li>\(DashboardLayout.badge(task.status)) <a href=\"/ui/tasks/\(path(task.id))\">\(HTML.escape(task.title))</a>: "
                + "\(HTML.escape(task.lastError ?? "no error recorded")) (\(time(task.updatedAt)))</li>"
        }.joined()
        return DashboardLayout.page(title: "Overview", session: session, active: "Overview", body: """
            <h1>Overview</h1>
            <section aria-labelledby="health-title"><h2 id="health-title">Health</h2>
            <dl class="figures">\(health)</dl></section>
            <section aria-labelledby="alerts-title"><h2 id="alerts-title">Alerts</h2>
            <ul id="alerts">\(alerts.isEmpty ? "<li>No alert.</li>" : alerts)</ul></section>
            <section aria-labelledby="errors-title"><h2 id="errors-title">Last errors</h2>
            <ul id="last-errors">\(errors.isEmpty ? "<li>No error.</li>" : errors)</ul></section>
            <section aria-labelledby="charts-title"><h2 id="charts-title">Last 24 hours</h2>
            <div class="charts">\(overview.charts.map { $0.render() }.joined())</div></section>
            """)
    }

    private static func tasksURL(_ query: TaskListQuery, cursor: TaskCursor?) -> String {
        var parameters: [String] = []
        if let status = query.status { parameters.append("status=\(status.rawValue)") }
        if let type = query.type { parameters.append("type=\(HTML.queryValue(type))") }
        if let category = query.category { parameters.append("category=\(HTML.queryValue(category))") }
        if let text = query.titleContains { parameters.append("q=\(HTML.queryValue(text))") }
        if let cursor { parameters.append("cursor=\(HTML.queryValue(cursor.encoded))") }
        return HTML.escape("/ui/tasks" + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")))
    }

    /// The card's link, when the task has one with a web address.
    private static func cardLink(_ task: TaskRecord) -> String {
        guard let url = task.cardURL, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return task.cardID.map { "<code>\(HTML.escape($0))</code>" } ?? "—"
        }
        let state = task.cardDeleted ? " (deleted)" : task.cardClosed ? " (archived)" : ""
        return "<a href=\"\(HTML.escape(url))\" rel=\"noopener noreferrer\">card</a>\(state)"
    }

    private static func time(_ date: Date) -> String {
        let text = date.formatted(.iso8601)
        return "<time datetime=\"\(text)\">\(text.replacingOccurrences(of: "T", with: " "))</time>"
    }

    static func path(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }
}

/// What the overview shows; each part nil when its server did not answer.
struct DashboardOverview {
    var fleet: FleetState?
    var queueDepth: Int?
    var lagP95: Double?
    var budgetShare: Double?
    var workers: Double?
    var alerts: [AlertRecord]
    var lastErrors: [TaskRecord]
    var charts: [SVGChart]
}
