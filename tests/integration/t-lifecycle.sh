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
