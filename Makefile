# The commands a user and CI need; each calls one script that says what it does with --help.
.PHONY: run test test-long test-pgbouncer bench

run:
	@scripts/run

# Every suite but the long ones, each run bounded by TEST_TIME_LIMIT_S (default 900 s).
test:
	@scripts/test

# Only the suites whose type name ends in LongTests: scenarios longer than a minute (TEST_TIME_LIMIT_S default 2700 s).
test-long:
	@scripts/test --long

# The end-to-end worker suites again, through a PgBouncer in transaction-pooling mode (Debian's pgbouncer).
test-pgbouncer:
	@if command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ]; then scripts/test --pgbouncer --filter TaskBridgeWorkerTests; \
	else echo "test-pgbouncer: skipped: pgbouncer is not installed (scripts/install-deps installs it)"; fi

bench:
	@scripts/benchmark
