#!/bin/bash
# The crash sweep: every command of runh killed at every one of its syscalls (and the
# container's init at every syscall before READY), each followed by `delete --force` and a
# check that nothing is left.  See crash-lib.sh for how a kill point is made.
#
#   sweep.sh path/to/runh [SCENARIO | SCENARIO:K[,K...] ...]
#
# No scenario: all of them, every kill point.  SCENARIO:K reruns single kill points (the
# reproduction command FINDINGS.md gives).  Environment:
#   CRASH_STRIDE=S   try every S-th kill point only (default 1: all)
#   CRASH_OUT=DIR    where results.tsv (command, point, victim, syscall, result, strace
#                    -e inject= spec), summary.txt and each command's kill points
#                    (SCENARIO.seq) go (default build/crash-sweep)
#   RUNH_HELPERS=DIR console-recv for the console scenario (make crash-sweep sets it)
# Takes the integration lock (/tmp/runh-integration.lock) for its whole run.
set -u
RUNH=$(realpath "${1:?usage: sweep.sh path/to/runh [SCENARIO[:K,...] ...]}")
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export RUNH
[ "$(id -u)" = 0 ] || { echo "crash sweep: needs root"; exit 1; }
command -v strace >/dev/null || { echo "crash sweep: strace is not installed"; exit 1; }
CRASH_OUT=$(realpath -m "${CRASH_OUT:-$top/build/crash-sweep}")
stride=${CRASH_STRIDE:-1}
mkdir -p "$CRASH_OUT"

exec 9>/tmp/runh-integration.lock
flock 9

IT_WORK=$(mktemp -d /tmp/runh-crash.XXXXXX)
chmod 755 "$IT_WORK"
export IT_WORK IT_DIR="$top/tests/integration"
"$top/examples/mkrootfs.sh" "$IT_WORK/rootfs" >/dev/null || { echo "mkrootfs failed"; exit 1; }
chown -R 1000:1000 "$IT_WORK/rootfs"
chmod 0777 "$IT_WORK/rootfs/home" "$IT_WORK/rootfs/var" "$IT_WORK/rootfs/etc"
chmod 1777 "$IT_WORK/rootfs/tmp"
# shellcheck source=../integration/lib.sh
source "$IT_DIR/lib.sh"
# shellcheck source=crash-lib.sh
source "$here/crash-lib.sh"
trap 'cleanup_all; rm -rf "$IT_WORK"' EXIT

args=("$@")
[ ${#args[@]} -gt 0 ] || args=("${CRASH_SCENARIOS[@]}")
results=$CRASH_OUT/results.tsv
summary=$CRASH_OUT/summary.txt
: >"$results"
t_start=$SECONDS
printf '%-20s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' command points chosen killed clean left state minor nr/na "time" >"$summary.tmp"
for a in "${args[@]}"; do
	sc=${a%%:*}
	# One retry: a reference run that fails once is reported on stderr, not fatal.
	n=$(crash_trace "$sc") || n=$(crash_trace "$sc") || { echo "$sc: the traced reference run failed"; printf '%-20s reference run failed\n' "$sc" >>"$summary.tmp"; continue; }
	if [ "$a" != "$sc" ]; then
		points=$(tr ',' ' ' <<<"${a#*:}")
	else
		points=$(crash_points "$sc" "$stride")
	fi
	cp "$CRASH_DIR/$sc.seq" "$CRASH_OUT/$sc.seq"
	t0=$SECONDS tried=0 clean=0 left=0 stale=0 minor=0 nr=0 na=0
	for k in $points; do
		crash_point "$sc" "$k"
		case $CRASH_RESULT in
		clean) tried=$((tried + 1)) clean=$((clean + 1)) ;;
		"not reached" | "no such kill point") nr=$((nr + 1)) ;;
		"not addressable") na=$((na + 1)) ;;
		*)
			tried=$((tried + 1))
			major=$(crash_major "$CRASH_RESULT")
			case $major in
			"") minor=$((minor + 1)) ;;
			"after the kill: "*"|"*) left=$((left + 1)) ;;
			"after the kill: "*) stale=$((stale + 1)) ;;
			*) left=$((left + 1)) ;;
			esac
			;;
		esac
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$k" "$CRASH_VICTIM" "$CRASH_SYSCALL" "$CRASH_RESULT" "$CRASH_INJECT" >>"$results"
		[ "$CRASH_RESULT" = clean ] || [ "$CRASH_RESULT" = "not addressable" ] ||
			echo "$sc killed ($CRASH_VICTIM) at syscall $k: ${CRASH_SYSCALL:0:70}: $CRASH_RESULT"
	done
	printf '%-20s %6s %6s %6s %6s %6s %6s %6s %6s %5ss\n' "$sc" "$n" "$(wc -w <<<"$points")" "$tried" "$clean" "$left" "$stale" "$minor" "$nr/$na" $((SECONDS - t0)) >>"$summary.tmp"
done
{
	echo "crash sweep of $RUNH ($(date -u +%FT%TZ), stride $stride, $((SECONDS - t_start)) s)"
	echo "points: syscalls of the traced run; chosen: kill points tried (crash_points);"
	echo "killed: runh (or the init) died there; clean: state true after the kill, nothing left"
	echo "after delete --force; left: something left, or delete --force failed or was slow,"
	echo "or a poststop hook ran more than once; state: only 'state' disagreed with the"
	echo "host after the kill; minor: only a stale 'creating' state or an empty parent cgroup"
	echo "left; nr/na: not reached (the run made fewer such syscalls) / not addressable (init"
	echo "points runh would hit first)"
	cat "$summary.tmp"
	if awk -F'\t' '$5 != "clean" && $5 != "not reached" && $5 != "not addressable"' "$results" | grep -q .; then
		echo
		echo "problems (command, kill point, victim, syscall, what):"
		awk -F'\t' '$5 != "clean" && $5 != "not reached" && $5 != "not addressable" {
			printf "  %s@%s [%s, inject=%s] %s\n      %s\n", $1, $2, $3, $6, substr($4, 1, 80), $5 }' "$results"
	fi
} >"$summary"
rm -f "$summary.tmp"
cat "$summary"
echo "results: $results"
! awk -F'\t' '$5 != "clean" && $5 != "not reached" && $5 != "not addressable"' "$results" | grep -q .
