# runh killed at a syscall of each command (strace fault injection), then `delete --force`:
# nothing may be left, `state` must tell the truth about a paused container, and a poststop
# hook runs once.  A deterministic sample of tests/crash/sweep.sh's kill points (the whole
# sweep is `make crash-sweep`): per command three evenly spaced points of the sweep's list,
# and the points named below, where a crash once left something behind (crash-lib.sh has
# how a kill point is made).

if ! command -v strace >/dev/null; then
	skip "strace not installed (make deps installs it): crash injection"
else
	# shellcheck source=../crash/crash-lib.sh
	source "$IT_DIR/../crash/crash-lib.sh"

	# Named kill points, where a crash once left something behind: "NAME[/ERE][+OFF]" is
	# the first syscall NAME of the traced run whose text matches ERE, plus OFF (+1: right
	# after it ran).  They follow the code's steps rather than a number.
	declare -A focus=(
		[create]='mkdirat/cr-create-trace+1 clone3+1 recvmsg'
		[start]='unlinkat/exec.fifo+1'
		[run-d]='clone3+1 unlinkat/exec.fifo+1'
		[exec]='clone3+1 poll'
		[exec-d]='clone3+1'
		[pause]='write/FROZEN+1'
		[resume]='write/THAWED+1'
		[update]='write/67108864+1'
		[kill]='pidfd_send_signal pidfd_send_signal+1'
		[kill-all]='pidfd_send_signal+1'
		[delete]='unlinkat/AT_REMOVEDIR unlinkat/state.json+1'
		[delete-force]='pidfd_send_signal+1 unlinkat/state.json'
		[hook-prestart]='clone/CHILD_SETTID+2'
		[hook-createRuntime]='clone/CHILD_SETTID+2'
		[hook-poststart]='clone/CHILD_SETTID+2'
		[hook-poststop]='clone/CHILD_SETTID+2 waitid+1'
		[console]='sendmsg+1'
		[init-create]='pivot_root sethostname sendto/MSG_NOSIGNAL'
		[init-create-nomnt]='mount/MS_PRIVATE+1 chroot'
	)

	# _crash_sample SCENARIO: three evenly spaced points of the sweep's list, and the named
	# points.
	_crash_sample() {
		local f name re off
		crash_points "$1" | awk '{ p[NR] = $1 } END {
			for (i = 1; i <= 5; i += 2) print p[int(NR * i / 6) + 1] }'
		for f in ${focus[$1]:-}; do
			off=0
			[ "${f%+*}" = "$f" ] || off=${f##*+} f=${f%+*}
			name=${f%%/*} re=.
			[ "$name" = "$f" ] || re=${f#*/}
			awk -F'\t' -v n="$name" -v re="$re" -v o="$off" \
				'$1 == n && $4 ~ re { print NR + o; exit }' "$CRASH_DIR/$1.seq"
		done
	}

	# The init's scenarios first: init-create's strace -f reference run has timed out now
	# and then when it ran after other scenarios' kill points here, never first (6 of 6
	# alone), and init-create-nomnt's once the same way.
	order=(init-create init-create-nomnt)
	for sc in "${CRASH_SCENARIOS[@]}"; do
		[ "$sc" = init-create ] || [ "$sc" = init-create-nomnt ] || order+=("$sc")
	done
	for sc in "${order[@]}"; do
		[ "$sc" != console ] || [ -x "${RUNH_HELPERS:-}/console-recv" ] ||
			{ skip "console-recv helper not built: crash of create --console-socket"; continue; }
		# One retry, as the full sweep does: strace -f's reference run of init-create
		# has timed out once in a while on this machine (the tracer, not runh: every
		# point of it was clean in the full sweep).
		n=$(crash_trace "$sc") || n=$(crash_trace "$sc")
		if [ "${n:-0}" -eq 0 ]; then
			not_ok "$sc: the traced reference run works"
			continue
		fi
		pts=$(_crash_sample "$sc" | sort -nu)
		for k in $pts; do
			crash_point "$sc" "$k"
			what="$sc killed ($CRASH_VICTIM) at syscall $k (${CRASH_SYSCALL%%(*})"
			# Minor findings (a stale 'creating', issue 10 item 8; an empty parent cgroup)
			# are the sweep's to list, not failures here.
			res=$(crash_major "$CRASH_RESULT")
			case $res in
			clean | "") ok "$what: nothing left" ;;
			"not reached" | "not addressable") skip "$what: $res" ;;
			*)
				not_ok "$what: nothing left"
				diag "syscall: $CRASH_SYSCALL"
				diag "found: $res"
				diag "again: $(crash_repro "$sc" "$k")"
				;;
			esac
		done
	done
fi

# runh run killed while the container runs: the container goes on; delete --force ends it.
id=crashrun$RANDOM
dir=$(bundle "$id" '.' sleep 100)
"$RUNH" --root "$ROOT" run --bundle "$dir" "$id" >/dev/null 2>&1 &
rpid=$!
wait_until 10 sh -c "\"$RUNH\" --root \"$ROOT\" state $id 2>/dev/null | grep -q running"
kill -9 $rpid
wait $rpid 2>/dev/null
runh state "$id"
check "after runh run is killed the container still runs" jqt '.status == "running"'
runh delete --force "$id"
check "delete --force cleans up after a killed run" wait_until 5 nothing_left "$id"
diag "t-crash: ${SECONDS} s"
