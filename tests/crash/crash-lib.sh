#!/bin/bash
# Crash injection: kill runh (or the container's init) deterministically at its N-th
# syscall, then check that `delete --force` leaves nothing behind.
#
# Sourced after tests/integration/lib.sh (RUNH, ROOT, ROOTFS, IT_WORK, TAG, CGPARENT, bundle,
# cgroup_dirs, tagged_pids).  Used by tests/integration/t-crash.sh (a sampled subset, TAP)
# and tests/crash/sweep.sh (every kill point, `make crash-sweep`).
#
# How a kill point is made (strace 6.1):
#  - `-e inject=SYSCALL:signal=KILL:when=J` keeps one counter per tracee *and per syscall*,
#    so `inject=all:when=N` means "the N-th call of each syscall", not "the N-th syscall".
#    A kill point K is therefore translated into (name, occurrence) from a traced normal run:
#    the K-th syscall of runh is the J-th call of SYSCALL.
#  - The signal is raised at syscall entry; the kernel sees SIGKILL pending when the
#    entry stop returns and skips the syscall: "killed at syscall K" means syscalls 1..K-1
#    ran and K did not.
#  - target runh: strace without -f traces runh alone; the container's init, exec's child
#    and hook processes are not tracees, so only runh can be hit.
#  - target init (the container's init, before it sends READY): strace -f, and only the
#    points whose (SYSCALL, J) runh itself never reaches (runh's total calls of SYSCALL are
#    fewer than J), so the one process that can be hit is the init.  The others are
#    reported as not addressable.  Which tracee died is read back from strace's output.

CRASH_SCENARIOS=(create init-create start run-d exec exec-d pause resume update kill kill-all
	delete delete-force hook-prestart hook-createRuntime hook-poststart hook-poststop console
	create-nomnt init-create-nomnt)
CRASH_HOOK_SLEEP=${CRASH_HOOK_SLEEP:-0.5}
CRASH_DIR=${CRASH_DIR:-$IT_WORK/crash}
mkdir -p "$CRASH_DIR"

crash_hook="$IT_WORK/crash-hook.sh"
cat >"$crash_hook" <<'HOOK'
#!/bin/sh
# $1 = kind: logged, then the hook stays alive a while (long enough to be seen if it is
# left running when runh dies).
cat >/dev/null
echo "$1" >>"$CRASH_HOOK_LOG"
exec sleep "$CRASH_HOOK_SLEEP"
HOOK
chmod +x "$crash_hook"

# _crash_hooks ID KIND: the .hooks filter with one hook of KIND that carries the tag.
_crash_hooks() {
	printf '.hooks = {"%s": [{"path": "%s", "args": ["crash-hook", "%s"], "env": ["RUNH_IT=%s", "CRASH_HOOK_LOG=%s", "CRASH_HOOK_SLEEP=%s"]}]}' \
		"$2" "$crash_hook" "$2" "$TAG" "$IT_WORK/$1.hooks" "$CRASH_HOOK_SLEEP"
}

# _crash_bundle ID JQ-FILTER ARGS...: lib.sh's bundle, made once per filter and args as a
# template (the id written __CRASHID__) and copied for each kill point: the sweep makes
# thousands of bundles.
_crash_bundle() {
	local id=$1 filter=$2 key t d
	shift 2
	key=$(printf '%s\0' "$CGPARENT" "$TAG" "$filter" "$@" | md5sum | cut -c1-16)
	t=$IT_WORK/crash-tpl-$key.json
	if [ ! -s "$t" ]; then
		d=$(bundle __CRASHID__ "$filter" "$@") || return 1
		mv "$d/config.json" "$t" && rm -rf "$d" || return 1
	fi
	mkdir -p "$IT_WORK/$id" && ln -sfn "$ROOTFS" "$IT_WORK/$id/rootfs" &&
		sed "s/__CRASHID__/$id/g" "$t" >"$IT_WORK/$id/config.json" && echo "$IT_WORK/$id"
}

_crash_runh() { "$RUNH" --root "$ROOT" "$@" >/dev/null 2>&1 </dev/null; }

# _crash_stopped ID: wait (bounded) until the container's state says stopped.
_crash_stopped() {
	wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $1 2>/dev/null | grep -q '\"stopped\"'"
}

# crash_setup SCENARIO ID: makes the container the killed command starts from and sets
# CMD (runh's arguments), TARGET (runh|init) and DELETES (delete --force runs after the kill).
crash_setup() {
	local sc=$1 id=$2 dir
	TARGET=runh DELETES=1 CRASH_RECV=
	case $sc in
	create | init-create)
		dir=$(_crash_bundle "$id" '.' sleep 100) || return 1
		CMD=(create --bundle "$dir" "$id")
		[ "$sc" = create ] || TARGET=init
		;;
	create-nomnt | init-create-nomnt)
		# No mount namespace of its own: the mounts are in the host's, under a bind of the
		# rootfs that delete --force must find from state.json (rootfs_shared.h).
		dir=$(_crash_bundle "$id" '.linux.namespaces |= map(select(.type != "mount"))' sleep 100) ||
			return 1
		CMD=(create --bundle "$dir" "$id")
		[ "$sc" = create-nomnt ] || TARGET=init
		;;
	start)
		dir=$(_crash_bundle "$id" '.' sleep 100) && _crash_runh create --bundle "$dir" "$id" || return 1
		CMD=(start "$id")
		;;
	run-d)
		dir=$(_crash_bundle "$id" '.' sleep 100) || return 1
		CMD=(run -d --bundle "$dir" "$id")
		;;
	exec | exec-d | pause | update | kill | kill-all | delete-force)
		dir=$(_crash_bundle "$id" '.' sleep 100) && _crash_runh create --bundle "$dir" "$id" &&
			_crash_runh start "$id" || return 1
		case $sc in
		exec) CMD=(exec "$id" true) ;;
		exec-d) CMD=(exec -d "$id" sleep 100) ;;
		pause) CMD=(pause "$id") ;;
		update) CMD=(update --memory 67108864 --pids-limit 100 "$id") ;;
		kill) CMD=(kill "$id" KILL) ;;
		kill-all) CMD=(kill --all "$id" KILL) ;;
		delete-force) CMD=(delete --force "$id") DELETES=2 ;;
		esac
		;;
	resume)
		dir=$(_crash_bundle "$id" '.' sleep 100) && _crash_runh create --bundle "$dir" "$id" &&
			_crash_runh start "$id" && _crash_runh pause "$id" || return 1
		CMD=(resume "$id")
		;;
	delete)
		dir=$(_crash_bundle "$id" '.' true) && _crash_runh create --bundle "$dir" "$id" &&
			_crash_runh start "$id" && _crash_stopped "$id" || return 1
		CMD=(delete "$id") DELETES=2
		;;
	hook-prestart | hook-createRuntime)
		dir=$(_crash_bundle "$id" "$(_crash_hooks __CRASHID__ "${sc#hook-}")" sleep 100) || return 1
		CMD=(create --bundle "$dir" "$id")
		;;
	hook-poststart)
		dir=$(_crash_bundle "$id" "$(_crash_hooks __CRASHID__ poststart)" sleep 100) &&
			_crash_runh create --bundle "$dir" "$id" || return 1
		CMD=(start "$id")
		;;
	hook-poststop)
		dir=$(_crash_bundle "$id" "$(_crash_hooks __CRASHID__ poststop)" sleep 100) &&
			_crash_runh create --bundle "$dir" "$id" && _crash_runh start "$id" || return 1
		CMD=(delete --force "$id") DELETES=2
		;;
	console)
		[ -x "${RUNH_HELPERS:-}/console-recv" ] || return 1
		"$RUNH_HELPERS/console-recv" "$IT_WORK/$id.sock" >/dev/null 2>&1 &
		CRASH_RECV=$!
		wait_until 5 test -S "$IT_WORK/$id.sock" || return 1
		dir=$(_crash_bundle "$id" '.process.terminal = true' sleep 100) || return 1
		CMD=(create --console-socket "$IT_WORK/$id.sock" --bundle "$dir" "$id")
		;;
	*) return 1 ;;
	esac
}

# _crash_strace OUT INJECT: runs CMD under strace (for TARGET) in the background, writing
# the trace to OUT; sets CRASH_SPID.  INJECT is empty for the reference run.
_crash_strace() {
	local out=$1 inject=$2 f=
	[ "$TARGET" = init ] && f=-f
	(cd / && exec strace $f -o "$out" ${inject:+-e inject="$inject"} -- \
		"$RUNH" --root "$ROOT" "${CMD[@]}") >"$out.stdio" 2>&1 </dev/null &
	CRASH_SPID=$!
}

# _crash_wait_runh OUT: waits (bounded) until runh itself has exited or been killed, and
# returns its wait status as strace reports it (exit code, or 137 when killed).  Without
# -f strace ends with runh; with -f it also waits for the init, which after READY blocks on
# exec.fifo until delete kills it, so runh's own "+++" line is watched for instead.
_crash_wait_runh() {
	local out=$1 rc line pid
	if [ "$TARGET" = runh ]; then
		wait "$CRASH_SPID" 2>/dev/null
		return
	fi
	local end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		pid=$(head -c 64 "$out" 2>/dev/null | awk 'NR==1 {print $1}')
		if [ -n "$pid" ] && line=$(grep -m1 "^$pid +++ " "$out"); then
			case $line in
			*"killed by SIGKILL"*) return 137 ;;
			*"exited with "*) rc=${line##*exited with }; return "${rc%% *}" ;;
			esac
			return 1
		fi
		kill -0 "$CRASH_SPID" 2>/dev/null || { wait "$CRASH_SPID" 2>/dev/null; return; }
		sleep 0.02
	done
	return 124
}

# _crash_reap_strace: strace -f ends once every tracee is gone (after delete --force);
# bounded, then it is ended (it is ours).
_crash_reap_strace() {
	[ -n "${CRASH_SPID:-}" ] || return 0
	local end=$((SECONDS + 10))
	while kill -0 "$CRASH_SPID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.05; done
	kill -9 "$CRASH_SPID" 2>/dev/null
	wait "$CRASH_SPID" 2>/dev/null
	CRASH_SPID=
}

# _crash_init_pid TRACE: the pid of runh's first clone3 child in a strace -f output.
_crash_init_pid() {
	awk 'NR == 1 {rp = $1} $1 == rp && /clone3/ && $NF ~ /^[0-9]+$/ {print $NF; exit}' "$1"
}

# crash_trace SCENARIO: one normal traced run; writes $CRASH_DIR/SCENARIO.seq, one kill
# point a line: "NAME<TAB>OCCURRENCE<TAB>ADDRESSABLE(1|0)<TAB>the syscall as traced".
# Prints the number of kill points.
crash_trace() {
	local sc=$1 id=cr-$1-trace out=$CRASH_DIR/$1.trace rc
	crash_cleanup "$id"
	crash_setup "$sc" "$id" || {
		echo "$sc: the setup of the reference run failed" >&2
		crash_cleanup "$id"
		echo 0
		return 1
	}
	_crash_strace "$out" ""
	_crash_wait_runh "$out"
	rc=$?
	crash_delete_force "$id" >/dev/null
	_crash_reap_strace
	crash_cleanup "$id"
	[ "$rc" = 0 ] || {
		echo "$sc: the reference run exited $rc: $(tail -c 300 "$out.stdio")" >&2
		echo 0
		return 1
	}
	if [ "$TARGET" = runh ]; then
		# Every syscall of runh but the execve that starts it.
		awk '!/^(\+\+\+|---)/ && NR > 1 {
			n = $0; sub(/\(.*/, "", n); c[n]++
			printf "%s\t%d\t1\t%s\n", n, c[n], substr($0, 1, 120)
		}' "$out" >"$CRASH_DIR/$sc.seq"
	else
		# The init (runh's first clone3 child) from its first syscall to its READY
		# (its last sendto before it blocks on exec.fifo).
		local rp ip
		rp=$(awk 'NR==1 {print $1}' "$out")
		ip=$(_crash_init_pid "$out")
		awk -v rp="$rp" -v ip="$ip" '
			$2 ~ /^(\+\+\+|---|<\.\.\.)/ { next }
			{ n = $2; sub(/\(.*/, "", n) }
			$1 == rp { r[n]++ }
			$1 == ip { k++; name[k] = n; c[n]++; occ[k] = c[n]; txt[k] = substr($0, length($1) + 2, 120)
				if (n == "sendto") ready = k }
			END { for (i = 1; i <= ready; i++)
				printf "%s\t%d\t%d\t%s\n", name[i], occ[i], (r[name[i]] < occ[i]), txt[i] }
		' "$out" >"$CRASH_DIR/$sc.seq"
	fi
	wc -l <"$CRASH_DIR/$sc.seq"
}

# The container's freezer state on the host ("" when there is no v1 freezer / cgroup.freeze).
_crash_frozen() {
	local f
	for f in /sys/fs/cgroup/freezer"$CGPARENT/$1"/freezer.state; do
		[ -r "$f" ] && cat "$f" && return
	done
	f=/sys/fs/cgroup"$CGPARENT/$1"/cgroup.freeze
	[ -r "$f" ] && { [ "$(cat "$f")" = 1 ] && echo FROZEN || echo THAWED; }
}

# crash_consistency ID: after the kill, before any cleanup: does `state` tell the truth?
# Prints a problem, or nothing.  (No state dir = cleanly gone.)
crash_consistency() {
	local id=$1 st status pid fz alive=0
	[ -e "$ROOT/$id" ] || return 0
	fz=$(_crash_frozen "$id")
	if ! st=$("$RUNH" --root "$ROOT" state "$id" 2>&1); then
		[ -z "$(tagged_pids)" ] && return 0
		echo "state fails ('$(tail -1 <<<"$st" | cut -c1-80)') while container processes live (freezer ${fz:-none})"
		return
	fi
	status=$(sed -n 's/^ *"status": *"\([a-z]*\)".*/\1/p' <<<"$st")
	pid=$(sed -n 's/^ *"pid": *\([0-9]*\).*/\1/p' <<<"$st")
	# Alive: the pid is a live process in the container's cgroup (before `start` the init
	# has not exec'd yet and carries runh's environment, not the tag).
	[ "$pid" -gt 0 ] 2>/dev/null && grep -qs ":$CGPARENT/$id\$" "/proc/$pid/cgroup" &&
		! grep -qs '^State:.*Z' "/proc/$pid/status" && alive=1
	case $status in
	paused) [ "$fz" = FROZEN ] || echo "state says paused, freezer ${fz:-none}" ;;
	running | created)
		[ "$alive" = 1 ] || echo "state says $status, init $pid not alive"
		[ "$fz" != FROZEN ] || echo "state says $status, freezer FROZEN"
		;;
	stopped) [ "$alive" = 0 ] || echo "state says stopped, init $pid alive" ;;
	*) echo "state says '$status'" ;;
	esac
}

# crash_delete_force ID: one `delete --force`; prints a problem (failure, slowness) or nothing.
crash_delete_force() {
	local id=$1 t0=$SECONDS e
	e=$("$RUNH" --root "$ROOT" delete --force "$id" 2>&1 </dev/null >/dev/null) && {
		[ $((SECONDS - t0)) -lt 5 ] || echo "delete --force took $((SECONDS - t0)) s"
		return 0
	}
	# A container that was never recorded (killed before its state dir) is not an error.
	grep -q 'does not exist' <<<"$e" && [ ! -e "$ROOT/$id" ] && return 0
	echo "delete --force failed after $((SECONDS - t0)) s: $(tail -1 <<<"$e" | cut -c1-100)"
}

# crash_leftovers ID: everything of the container still on the host; prints it or nothing.
crash_leftovers() {
	local id=$1 p what=() cg mnt procs=""
	[ ! -e "$ROOT/$id" ] || what+=("state dir ($(ls -A "$ROOT/$id" | tr '\n' ' ' | sed 's/ $//'))")
	cg=$(cgroup_dirs "$id" | sed 's|^/sys/fs/cgroup/||; s|/\?'"$CGPARENT/$id"'$||; s|^$|cgroup2|' | tr '\n' ',' | sed 's/,$//')
	[ -z "$cg" ] || what+=("cgroup in $cg")
	# The parent ($CGPARENT) is runh's too: it made it for this container (crash_cleanup
	# removes it before every kill point) and removes it once empty.
	cg=$(for p in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do [ -d "$p$CGPARENT" ] && echo "$p"; done |
		sed 's|^/sys/fs/cgroup/||; s|/$||; s|^$|cgroup2|' | tr '\n' ',' | sed 's/,$//')
	[ -z "$cg" ] || what+=("empty parent cgroup $CGPARENT in $cg")
	for p in $(tagged_pids); do
		procs+="$p($(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-40 | sed 's/ $//')) "
	done
	[ -z "$procs" ] || what+=("processes ${procs% }")
	mnt=$(awk -v w="$IT_WORK" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo /proc/1/mountinfo | sort -u | tr '\n' ' ')
	[ -z "$mnt" ] || what+=("mounts ${mnt% }")
	[ ${#what[@]} -eq 0 ] || printf '%s\n' "${what[@]}" | paste -sd '|' | sed 's/|/; /g'
}

# crash_cleanup ID: removes by hand whatever a failed cleanup left, so that the next kill
# point starts clean: thaws the container's cgroup, kills the processes carrying this
# test's tag (all started by this test), removes its cgroups, mounts and state dir.
crash_cleanup() {
	local id=$1 d p
	for d in $(cgroup_dirs "$id"); do
		[ -w "$d/freezer.state" ] && echo THAWED >"$d/freezer.state" 2>/dev/null
		[ -w "$d/cgroup.freeze" ] && echo 0 >"$d/cgroup.freeze" 2>/dev/null
	done
	for p in $(tagged_pids); do kill -9 "$p" 2>/dev/null; done
	[ -n "${CRASH_RECV:-}" ] && { kill -9 "$CRASH_RECV" 2>/dev/null; wait "$CRASH_RECV" 2>/dev/null; CRASH_RECV=; }
	wait_until 5 sh -c '[ -z "$(grep -lsa "RUNH_IT='"$TAG"'" /proc/[0-9]*/environ)" ]'
	for d in $(cgroup_dirs "$id"); do
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	# Every kill point starts without the parent cgroup, as the first container does (runh
	# then creates it, and removes it with the last container).
	for d in /sys/fs/cgroup/*"$CGPARENT" /sys/fs/cgroup"$CGPARENT"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	awk -v w="$IT_WORK" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r |
		while read -r d; do umount -l "$d" 2>/dev/null; done
	rm -rf "${ROOT:?}/$id" "${IT_WORK:?}/$id" "$IT_WORK/$id".*
}

# crash_point SCENARIO K: kills the command at kill point K of $CRASH_DIR/SCENARIO.seq.
# Sets CRASH_SYSCALL (the syscall as traced), CRASH_VICTIM and CRASH_RESULT: "clean",
# "not reached", "not addressable", "setup failed", or the problems found ("; "-separated).
crash_point() {
	local sc=$1 k=$2 id=cr-$1-$2 name occ addr rc out problems=() p i
	CRASH_SYSCALL= CRASH_INJECT= CRASH_VICTIM=$([ "$sc" = init-create ] && echo init || echo runh)
	IFS=$'\t' read -r name occ addr CRASH_SYSCALL < <(sed -n "${k}p" "$CRASH_DIR/$sc.seq")
	[ -n "$name" ] || { CRASH_RESULT="no such kill point"; return; }
	[ "$addr" = 1 ] || { CRASH_RESULT="not addressable"; return; }
	crash_setup "$sc" "$id" || { crash_cleanup "$id"; CRASH_RESULT="setup failed"; return; }
	rm -f "$IT_WORK/$id.hooks"
	out=$CRASH_DIR/$id.strace
	CRASH_INJECT="$name:signal=KILL:when=$occ"
	_crash_strace "$out" "$CRASH_INJECT"
	_crash_wait_runh "$out"
	rc=$?
	local reached=1
	if [ "$TARGET" = runh ]; then
		[ "$rc" = 137 ] || reached=0
	else
		local ip killed
		ip=$(_crash_init_pid "$out")
		killed=$(awk '/\+\+\+ killed by SIGKILL/ {print $1; exit}' "$out")
		if [ -z "$killed" ]; then
			# Give strace a moment to report the init's end, if it comes.
			sleep 0.1
			killed=$(awk '/\+\+\+ killed by SIGKILL/ {print $1; exit}' "$out")
		fi
		[ -n "$killed" ] || reached=0
		[ -z "$killed" ] || [ "$killed" = "$ip" ] || CRASH_VICTIM="runh, not the init"
	fi
	if [ "$reached" = 0 ]; then
		crash_delete_force "$id" >/dev/null
		_crash_reap_strace
		crash_cleanup "$id"
		rm -f "$out" "$out.stdio"
		CRASH_RESULT="not reached"
		return
	fi
	p=$(crash_consistency "$id")
	[ -z "$p" ] || problems+=("after the kill: $p")
	for ((i = 1; i <= DELETES; i++)); do
		p=$(crash_delete_force "$id")
		[ -z "$p" ] || problems+=("$p")
	done
	_crash_reap_strace
	if [ "$sc" = hook-poststop ]; then
		local n
		# At most once (runh's promise, README "Hooks"): a delete killed between the
		# hook's fork and its first action kills the hook with it (it dies with runh),
		# and the next delete does not start it again; exactly once cannot be promised
		# across a SIGKILL at any instruction.  Twice is the bug.
		n=$(grep -c poststop "$IT_WORK/$id.hooks" 2>/dev/null)
		[ "${n:-0}" -le 1 ] || problems+=("poststop ran ${n:-0} times")
	fi
	p=$(crash_leftovers "$id")
	[ -z "$p" ] || problems+=("left: $p")
	crash_cleanup "$id"
	rm -f "$out" "$out.stdio"
	if [ ${#problems[@]} -eq 0 ]; then CRASH_RESULT=clean; else
		CRASH_RESULT=$(printf '%s\n' "${problems[@]}" | paste -sd '|' | sed 's/|/ | /g')
	fi
}

# crash_base SCENARIO: the plain scenario a hook or console scenario differs from.
crash_base() {
	case $1 in
	hook-prestart | hook-createRuntime | console) echo create ;;
	hook-poststart) echo start ;;
	hook-poststop) echo delete-force ;;
	esac
}

# crash_points SCENARIO [STRIDE]: the kill points the full sweep tries (after crash_trace).
# Every point, except where a point cannot differ from one tried elsewhere; those are
# sampled (every 12th):
#  - runh's prelude, before its first syscall that names the state root (loader, libc,
#    argument parsing, reading config.json: nothing of the container exists yet);
#  - in a hook or console scenario, the points where its syscalls are those of the plain
#    scenario (crash_base); the points within 3 of a difference are all tried.
# STRIDE > 1 thins the dense points too (a quicker sweep).
crash_points() {
	local sc=$1 stride=${2:-1} seq=$CRASH_DIR/$1.seq base dense=""
	base=$(crash_base "$sc")
	if [ -n "$base" ]; then
		[ -s "$CRASH_DIR/$base.seq" ] || crash_trace "$base" >/dev/null
		dense=$(diff <(cut -f1 "$CRASH_DIR/$base.seq") <(cut -f1 "$seq") | awk '
			/^[0-9]/ {
				if (match($0, /[acd]/)) { op = substr($0, RSTART, 1); r = substr($0, RSTART + 1) }
				split(r, b, ","); lo = b[1]; hi = (2 in b) ? b[2] : b[1]
				if (op == "d") hi = lo + 1
				for (i = lo - 3; i <= hi + 3; i++) if (i > 0) print i
			}' | sort -nu | tr '\n' ' ')
	elif [ "$sc" != init-create ]; then
		local first
		first=$(grep -n -m1 -F "$ROOT" "$seq" | cut -d: -f1)
		dense=$(seq "${first:-1}" "$(wc -l <"$seq")" | tr '\n' ' ')
	else
		dense=$(seq 1 "$(wc -l <"$seq")" | tr '\n' ' ')
	fi
	awk -v dense=" $dense" -v st="$stride" -v n="$(wc -l <"$seq")" 'BEGIN {
		nd = split(dense, d, " "); for (i = 1; i <= nd; i++) isd[d[i]] = 1
		for (i = 1; i <= n; i++) {
			if (i in isd) { if (c++ % st == 0) print i }
			else if (s++ % 12 == 0) print i
		}
	}'
}

# crash_major RESULT: RESULT without the minor findings (a stale 'creating' state after a
# killed create, issue 10 item 8; an empty parent cgroup left): empty when only those.
crash_major() {
	sed "s/after the kill: state says 'creating'//; s/; empty parent cgroup [^|]*//;
		s/left: empty parent cgroup [^|]*//; s/^ *| *//; s/ *| *\$//; s/| *|/|/" <<<"$1"
}

# crash_repro SCENARIO K: one command that reproduces the kill point by hand.
crash_repro() {
	echo "bash tests/crash/sweep.sh build/runh $1:$2"
}
