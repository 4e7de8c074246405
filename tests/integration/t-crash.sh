# runh killed mid-way: `delete --force` removes whatever is left.

for delay in 0 0.002 0.005 0.01 0.02 0.05; do
	id=crash$RANDOM
	dir=$(bundle "$id" '.' sleep 100)
	"$RUNH" --root "$ROOT" create --bundle "$dir" "$id" >/dev/null 2>&1 &
	cpid=$!
	sleep "$delay"
	kill -9 $cpid 2>/dev/null
	wait $cpid 2>/dev/null
	runh delete --force "$id"
	check "SIGKILL of create after ${delay}s, then delete --force: nothing left" wait_until 5 nothing_left "$id"
done

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
