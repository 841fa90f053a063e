/// The readable tail of Trello's board and card URLs, e.g. `4-what-why-how`.
enum Slug {
    /// `name` lower-cased with every run of other characters turned into one `-`, at most 128 characters.
    static func make(_ name: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in name.unicodeScalars.prefix(512) {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                if slug.unicodeScalars.count >= 128 { break }
            } else {
                pendingDash = true
            }
        }
        return slug
    }
}
