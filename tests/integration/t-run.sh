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
