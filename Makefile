# The commands a user and CI need; each calls one script that says what it does with --help.
.PHONY: run test test-long bench

run:
	@scripts/run

# Every suite but the long ones, each run bounded by TEST_TIME_LIMIT_S (default 900 s).
test:
	@scripts/test

# Only the suites whose type name ends in LongTests: scenarios longer than a minute (TEST_TIME_LIMIT_S default 2700 s).
test-long:
	@scripts/test --long

bench:
	@scripts/benchmark
