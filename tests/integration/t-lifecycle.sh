# create → state → start → kill → delete, pid file, list, runc's error strings.

id=life$RANDOM
dir=$(bundle "$id" '.' sh -c 'echo started > /dev/null; trap "exit 0" TERM; while :; do sleep 0.1; done')
runh create --bundle "$dir" --pid-file "$IT_WORK/$id.pid" "$id"
check "create exits 0" [ "$status" = 0 ]
runh state "$id"
check "state says created" grep -q '"status": "created"' <<<"$out"
pid=$(jq -r .pid <<<"$out")
check "pid file holds the init pid" [ "$(cat "$IT_WORK/$id.pid")" = "$pid" ]
check "state has the bundle path" [ "$(jq -r .bundle <<<"$out")" = "$dir" ]
check "state has ociVersion and created" jqt '.ociVersion == "1.3.0" and (.created | test("Z$"))'
check "the init is alive and waiting" kill -0 "$pid"
check "the init is not yet the program (still runh)" [ "$(cat /proc/$pid/comm)" = runh ]

runh create --bundle "$dir" "$id"
checkx "duplicate create is refused" '[ "$status" = 1 ] && grep -q "container with id exists: $id" <<<"$errout"'

runh list -q
check "list -q shows the id" grep -qx "$id" <<<"$out"
runh list --format json
check "list --format json is a JSON array with the container" jqt --arg id "$id" 'map(select(.id == $id and .status == "created")) | length == 1'

runh start "$id"
check "start exits 0" [ "$status" = 0 ]
wait_until 5 grep -q sh /proc/$pid/comm
check "the init now runs the program" [ "$(cat /proc/$pid/comm)" = sh ]
runh state "$id"
check "state says running" grep -q '"status": "running"' <<<"$out"
runh start "$id"
check "start twice is refused" [ "$status" = 1 ]

runh delete "$id"
checkx "delete of a running container is refused" '[ "$status" = 1 ] && grep -q "cannot delete container $id that is not stopped: running" <<<"$errout"'

runh kill "$id" TERM
check "kill TERM exits 0" [ "$status" = 0 ]
wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $id | grep -q stopped"
runh state "$id"
check "state says stopped with pid 0" jqt '.status == "stopped" and .pid == 0'
runh kill "$id" KILL
checkx "kill of a stopped container: 'container not running'" '[ "$status" = 1 ] && grep -q "container not running" <<<"$errout"'
runh delete "$id"
check "delete of a stopped container" [ "$status" = 0 ]
check "nothing left after delete" nothing_left "$id"
runh state "$id"
checkx "state of a deleted container: 'container does not exist'" '[ "$status" = 1 ] && grep -q "container does not exist" <<<"$errout"'

# Signals by number and by SIG-name.
for sig in 9 SIGKILL; do
	id=k$RANDOM
	dir=$(bundle "$id" '.' sleep 100)
	runh create --bundle "$dir" "$id"
	runh start "$id"
	runh kill "$id" "$sig"
	check "kill $sig exits 0" [ "$status" = 0 ]
	wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $id | grep -q stopped"
	runh delete "$id"
	check "kill $sig stopped it and delete cleaned up" nothing_left "$id"
done

# A created container can be deleted (the waiting init is killed).
id=cd$RANDOM
dir=$(bundle "$id" '.' true)
runh create --bundle "$dir" "$id"
runh delete "$id"
checkx "delete of a created container kills its init" '[ "$status" = 0 ] && nothing_left "$id"'

runh kill nosuch 9
checkx "kill of a missing container: 'container does not exist'" '[ "$status" = 1 ] && grep -q "container does not exist" <<<"$errout"'
runh delete --force nosuch
check "delete --force of a missing container succeeds" [ "$status" = 0 ]

# Two concurrent creates of one id: exactly one wins.
id=race$RANDOM
dir=$(bundle "$id" '.' sleep 100)
for i in 1 2 3 4; do
	"$RUNH" --root "$ROOT" create --bundle "$dir" "$id" >/dev/null 2>"$IT_WORK/race.$i" &
done
wait
wins=$(for i in 1 2 3 4; do [ -s "$IT_WORK/race.$i" ] || echo won; done | wc -l)
check "four concurrent creates of one id: exactly one succeeds" [ "$wins" = 1 ]
check "... the others say 'container with id exists'" [ "$(cat "$IT_WORK"/race.* | grep -c 'container with id exists')" = 3 ]
runh delete --force "$id"
check "... and delete --force leaves nothing" nothing_left "$id"

# A create killed at its clone (strace stops it there, deterministically): the stale
# "creating" container gets the right answers, and delete --force removes it all.
id=stale$RANDOM
dir=$(bundle "$id" '.' sleep 100)
(strace -o /dev/null -e inject=clone3:signal=KILL "$RUNH" --root "$ROOT" create --bundle "$dir" "$id" >/dev/null 2>&1; true) 2>/dev/null
runh state "$id"
check "a create killed at its clone leaves a 'creating' container" jqt '.status == "creating"'
runh start "$id"
checkx "start of it: 'still being created or its creation failed; delete --force it'" \
	'[ "$status" = 1 ] && grep -q "container is still being created or its creation failed; delete --force it" <<<"$errout"'
runh kill "$id" KILL
checkx "kill of it: the same" \
	'[ "$status" = 1 ] && grep -q "container is still being created or its creation failed; delete --force it" <<<"$errout"'
runh delete --force "$id"
checkx "delete --force of it leaves nothing" '[ "$status" = 0 ] && nothing_left "$id"'

# state.json unreadable (corrupt, truncated, absent): delete --force still finds the
# container through the stored config.json and kills and removes it.
for how in corrupt truncated absent; do
	id=bad$how$RANDOM
	dir=$(bundle "$id" '.' sleep 100)
	runh run -d --bundle "$dir" "$id"
	pid=$(jq -r .pid "$ROOT/$id/state.json")
	case $how in
	corrupt) echo 'not json at all' >"$ROOT/$id/state.json" ;;
	truncated) head -c 40 "$ROOT/$id/state.json" >"$IT_WORK/st" && cat "$IT_WORK/st" >"$ROOT/$id/state.json" ;;
	absent) rm -f "$ROOT/$id/state.json" ;;
	esac
	runh delete "$id"
	checkx "$how state.json: delete without --force refuses and keeps the container" \
		'[ "$status" = 1 ] && [ -d "$ROOT/$id" ] && kill -0 "$pid"'
	runh delete --force "$id"
	checkx "$how state.json: delete --force kills the container and leaves nothing" \
		'[ "$status" = 0 ] && wait_until 5 sh -c "! kill -0 $pid 2>/dev/null" && nothing_left "$id"'
done

# delete --force while a create is held at its first cgroup mkdir: the two never
# interleave (the state dir lock), so no cgroup is orphaned.
id=cdrace$RANDOM
dir=$(bundle "$id" '.' sleep 100)
strace -o /dev/null -e inject=mkdirat:delay_enter=1500000:when=2 \
	"$RUNH" --root "$ROOT" create --bundle "$dir" "$id" >/dev/null 2>"$IT_WORK/cdrace.err" &
cpid=$!
wait_until 5 test -d "$ROOT/$id"
sleep 0.3
runh delete --force "$id"
dstatus=$status
wait $cpid
cstatus=$?
checkx "delete --force racing a create: both succeed (delete waits for the create)" \
	'[ "$dstatus" = 0 ] && [ "$cstatus" = 0 ]'
check "... and nothing is left, no cgroup orphaned" wait_until 5 nothing_left "$id"

# kill --all after the init exited signals what is left in the cgroup (containerd does
# this for containers that share a pid namespace); kill without --all keeps runc's answer.
id=kall$RANDOM
dir=$(bundle "$id" '.linux.namespaces |= map(select(.type != "pid"))' sh -c 'sleep 100 & echo $! > /dev/shm/child; exit 0')
runh run -d --bundle "$dir" "$id"
wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $id | grep -q stopped"
child=$(cat "/sys/fs/cgroup/pids$CGPARENT/$id/cgroup.procs" | head -1)
check "the init exited and left a process in the cgroup" kill -0 "$child"
runh kill "$id" KILL
checkx "kill without --all of a stopped container: 'container not running'" '[ "$status" = 1 ] && grep -q "container not running" <<<"$errout"'
runh kill --all "$id" KILL
check "kill --all after the init exited exits 0" [ "$status" = 0 ]
check "... and the process left in the cgroup is gone" wait_until 5 sh -c "! kill -0 $child 2>/dev/null"
runh delete "$id"
check "... delete leaves nothing" nothing_left "$id"

# kill ID 0: a liveness check, as in runc.
id=k0$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh run -d --bundle "$dir" "$id"
runh kill "$id" 0
check "kill ID 0 of a running container exits 0" [ "$status" = 0 ]
runh state "$id"
check "... and the container still runs" jqt '.status == "running"'
runh kill "$id" KILL
wait_until 5 sh -c "\"$RUNH\" --root \"$ROOT\" state $id | grep -q stopped"
runh kill "$id" 0
checkx "kill ID 0 of a stopped container: 'container not running'" '[ "$status" = 1 ] && grep -q "container not running" <<<"$errout"'
runh delete "$id"

# A --root that is a symlink is resolved (runc does the same); a root that others can
# write is refused.
id=rl$RANDOM
dir=$(bundle "$id" '.' sleep 100)
ln -sfn "$ROOT" "$IT_WORK/root-link"
"$RUNH" --root "$IT_WORK/root-link" run -d --bundle "$dir" "$id" >/dev/null 2>&1
check "run -d through a symlinked --root works" [ $? = 0 ]
out=$("$RUNH" --root "$IT_WORK/root-link" list -q 2>&1)
check "list through the symlink shows it" grep -qx "$id" <<<"$out"
check "its state dir is in the real root" [ -d "$ROOT/$id" ]
"$RUNH" --root "$IT_WORK/root-link" delete --force "$id" >/dev/null 2>&1
checkx "delete --force through the symlink leaves nothing" '[ $? = 0 ] && nothing_left "$id"'
rm -f "$IT_WORK/root-link"
