# The three commands a user and CI need; each calls one script that says what it does with --help.
.PHONY: run test bench

run:
	@scripts/run

test:
	@scripts/test

bench:
	@scripts/benchmark
