# runh run: attached stdio, exit status propagation, signals.

run_in '.' 'echo hello-from-container'
check "run prints the container's stdout" [ "$status" = 0 -a "$out" = hello-from-container ]
check "run leaves nothing behind" nothing_left "$last_id"

run_in '.' 'exit 42'
check "exit status 42 propagates" [ "$status" = 42 ]

# PID 1 of a pid namespace cannot be SIGKILLed from inside: kill it from the host.
id=k9$RANDOM
dir=$(bundle "$id" '.' sleep 100)
"$RUNH" --root "$ROOT" run --bundle "$dir" "$id" &
rpid=$!
wait_until 10 sh -c "\"$RUNH\" --root \"$ROOT\" state $id 2>/dev/null | grep -q running"
runh kill "$id" KILL
wait $rpid
check "a container killed by SIGKILL: run exits 137" [ "$?" = 137 ]

run_in '.' 'echo to-stderr >&2; exit 3'
check "stderr reaches the caller" [ "$status" = 3 -a "$errout" = to-stderr ]

id=stdin$RANDOM
dir=$(bundle "$id" '.' sh -c 'read line; echo "got:$line"')
res=$(echo "piped-input" | "$RUNH" --root "$ROOT" run --bundle "$dir" "$id")
check "stdin reaches the container" [ "$res" = "got:piped-input" ]

# Signals sent to `runh run` are forwarded to the container's init.
id=sig$RANDOM
dir=$(bundle "$id" '.' sh -c 'trap "echo got-term; exit 7" TERM; while :; do sleep 0.1; done')
"$RUNH" --root "$ROOT" run --bundle "$dir" "$id" >"$IT_WORK/sig.out" 2>&1 &
rpid=$!
wait_until 10 test -d "$ROOT/$id" && wait_until 10 grep -q running <("$RUNH" --root "$ROOT" state "$id" 2>/dev/null)
sleep 0.3
kill -TERM $rpid
wait $rpid
st=$?
checkx "SIGTERM to runh run reaches the container (exit 7)" '[ "$st" = 7 ] && grep -q got-term "$IT_WORK/sig.out"'
check "run after a forwarded signal leaves nothing behind" nothing_left "$id"

id=det$RANDOM
dir=$(bundle "$id" '.' sleep 30)
runh run -d --bundle "$dir" "$id"
check "run --detach returns 0 with the container running" [ "$status" = 0 ]
runh state "$id"
check "detached container is running" grep -q '"status": "running"' <<<"$out"
runh delete --force "$id"
check "delete --force removes the detached container" nothing_left "$id"

# fds: only stdio reaches the container, unless --preserve-fds or LISTEN_FDS says more.
echo passed-fd >"$IT_WORK/fd3"
id=fd$RANDOM
dir=$(bundle "$id" '.' sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "; cat /proc/self/fd/3 2>/dev/null; echo "L=$LISTEN_FDS/$LISTEN_PID"')
out=$("$RUNH" --root "$ROOT" run --bundle "$dir" "$id" 3<"$IT_WORK/fd3" 4<"$IT_WORK/fd3")
checkx "an fd runh inherits does not reach the container" '[ "$(head -c 8 <<<"$out")" = "0 1 2 3 " ] && out_lacks "passed-fd"'
out=$("$RUNH" --root "$ROOT" run --preserve-fds 1 --bundle "$dir" "$id" 3<"$IT_WORK/fd3" 4<"$IT_WORK/fd3")
checkx "--preserve-fds 1 passes fd 3 (and not fd 4: ls sees 0-3 and its own 4)" 'grep -q "passed-fd" <<<"$out" && [ "$(head -c 10 <<<"$out")" = "0 1 2 3 4 " ] && out_lacks "^0 1 2 3 4 5 "'
out=$(LISTEN_FDS=1 "$RUNH" --root "$ROOT" run --bundle "$dir" "$id" 3<"$IT_WORK/fd3")
checkx "LISTEN_FDS=1 passes fd 3 and sets LISTEN_FDS/LISTEN_PID in the container" 'grep -q "passed-fd" <<<"$out" && grep -q "L=1/1" <<<"$out"'
check "nothing left" nothing_left "$id"

id=keep$RANDOM
dir=$(bundle "$id" '.' sh -c 'exit 5')
runh run --keep --bundle "$dir" "$id"
check "run --keep: the exit status (5)" [ "$status" = 5 ]
runh state "$id"
check "run --keep leaves the stopped container's state" jqt '.status == "stopped"'
runh delete "$id"
check "... which delete removes" nothing_left "$id"
