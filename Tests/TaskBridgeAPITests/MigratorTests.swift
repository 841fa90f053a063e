import Testing

@Suite struct MigratorTests {}
