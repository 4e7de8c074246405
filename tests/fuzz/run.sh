#!/bin/bash
# Runs libFuzzer targets for a while each, one at a time on one core, from the seed corpus
# in tests/fuzz/corpus/<target>/ (never written to: new inputs go to a scratch directory).
#   run.sh BINDIR SECONDS TARGET...
# Ends with "fuzz: N targets, N runs, N crashes"; exits non-zero on any crash, leak, UBSan
# report, oracle failure or timeout. A crashing input is kept in BINDIR/artifacts/.
set -u
bindir=${1:?usage: run.sh BINDIR SECONDS TARGET...}
secs=${2:?usage: run.sh BINDIR SECONDS TARGET...}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "$bindir/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$bindir/artifacts"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1

targets=0 runs=0 crashes=0
for t in "$@"; do
	targets=$((targets + 1))
	mkdir -p "$work/$t"
	# In a subshell that outlives the fuzzer, so that bash's "Aborted" goes to the log.
	(
		"$bindir/fuzz-$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
			-print_final_stats=1 -dict="$here/json.dict" \
			-artifact_prefix="$bindir/artifacts/$t-" "$work/$t" "$here/corpus/$t"
		exit $?
	) >"$work/$t.log" 2>&1
	rc=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
	runs=$((runs + ${n:-0}))
	if [ "$rc" = 0 ]; then
		echo "fuzz-$t: ${n:-0} runs, ok"
	else
		crashes=$((crashes + 1))
		echo "fuzz-$t: ${n:-0} runs, FAILED (exit $rc)"
		grep -E 'ERROR|SUMMARY|fuzz oracle|runtime error|Test unit written' "$work/$t.log" | head -20
	fi
done
echo "fuzz: $targets targets, $runs runs, $crashes crashes"
[ "$crashes" = 0 ]
