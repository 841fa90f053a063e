import TaskBridgeCore

/// The frame of every dashboard page: the head (stylesheet and script from `/ui/assets`, nothing inline), the
/// navigation, and the sign-out button when signed in.
enum DashboardLayout {
    /// A whole page titled `title`, with `body` (already HTML) as its main content.
    static func page(title: String, session: DashboardSession?, active: String?, body: String) -> String {
        var navigation = ""
        if let session {
            let links = [("Overview", "/ui/overview"), ("Tasks", "/ui/tasks")]
                + (session.canWrite ? [("File a task", "/ui/new")] : [])
            navigation = "<nav aria-label=\"Main\"><ul>"
                + links.map { name, href in
                    "<li><a href=\"\(href)\"\(name == active ? " aria-current=\"page\"" : "")>\(name)</a></li>"
                }.joined()
                + "<li>\(postButton("/ui/signout", label: "Sign out", session: session, style: "link"))</li></ul></nav>"
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · TaskBridge</title>
            <link rel="stylesheet" href="/ui/assets/dashboard.css">
            <script src="/ui/assets/dashboard.js" defer></script>
            </head>
            <body>
            <header><a class="brand" href="/ui">TaskBridge</a>\(navigation)</header>
            <main id="main">
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// A form with one button that POSTs to `action` with the session's CSRF token (and `fields`).
    static func postButton(
        _ action: String, label: String, session: DashboardSession, style: String = "", fields: [String: String] = [:]
    ) -> String {
        let hidden = fields.sorted { $0.key < $1.key }.map { name, value in
            "<input type=\"hidden\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\">"
        }.joined()
        return "<form class=\"inline\" method=\"post\" action=\"\(HTML.escape(action))\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(session.csrfToken))\">\(hidden)"
            + "<button type=\"submit\" class=\"\(style)\">\(HTML.escape(label))</button></form>"
    }

    /// A status as a badge.
    static func badge(_ status: TaskStatus) -> String {
        "<span class=\"badge status-\(status.rawValue)\">\(status.rawValue)</span>"
    }
}
