/// Why migrations could not be read or applied; the description names the folder or file, never a password.
public enum MigratorError: Error, CustomStringConvertible, Sendable {
    /// The migrations folder does not exist or is not a folder.
    case folderMissing(String)
    /// The folder holds no `NNN_name.sql` file.
    case noMigrations(String)
    /// Two files start with the same number.
    case duplicateVersion(Int, String, String)
    /// A file could not be read as UTF-8 text.
    case unreadable(String)
    /// A migration's SQL failed; nothing of it was applied.
    case failed(fileName: String, reason: String)
    /// An applied migration's file no longer has the checksum recorded when it was applied.
    case edited(fileName: String)

    /// One line for the operator.
    public var description: String {
        switch self {
        case .folderMissing(let path):
            "migrations folder not found: \(path) (set MIGRATIONS_DIR or pass --migrations-dir)"
        case .noMigrations(let path):
            "no migrations (files named like 001_name.sql) in \(path)"
        case .duplicateVersion(let version, let first, let second):
            "two migrations have number \(version): \(first) and \(second)"
        case .unreadable(let path):
            "cannot read migration \(path) as UTF-8 text"
        case .failed(let fileName, let reason):
            "migration \(fileName) failed and was rolled back: \(reason)"
        case .edited(let fileName):
            "migration \(fileName) was changed after this database applied it; migrations are never edited: "
                + "restore the file and put the change in a new migration"
        }
    }
}
