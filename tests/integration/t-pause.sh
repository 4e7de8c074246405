# pause / resume through the freezer, ps from the cgroup.

id=pz$RANDOM
dir=$(bundle "$id" '.' sh -c 'i=0; while :; do i=$((i+1)); echo $i > /dev/shm/n; sleep 0.02; done')
runh run -d --bundle "$dir" "$id"
pid=$(jq -r .pid "$ROOT/$id/state.json")
counter() { cat "/proc/$pid/root/dev/shm/n" 2>/dev/null; }
wait_until 5 test -n "$(counter)"

runh ps --format json "$id"
check "ps --format json lists the container's host pids, the init first" jqt --argjson p "$pid" 'type == "array" and index($p) != null'
runh ps "$id"
checkx "ps shows a table with only the container's processes" 'out_has "^UID +PID" && out_has "sh -c i=0" && out_lacks "runh --root"'

runh pause "$id"
check "pause exits 0" [ "$status" = 0 ]
runh state "$id"
check "state says paused" jqt '.status == "paused"'
a=$(counter); sleep 0.3; b=$(counter)
check "while paused the counter does not move ($a = $b)" [ "$a" = "$b" ]
check "the init is frozen (state D on the host)" grep -qE '^State:\s+D' /proc/$pid/status
runh pause "$id"
checkx "pause of a paused container is refused" '[ "$status" = 1 ] && grep -q "container not running" <<<"$errout"'

runh resume "$id"
check "resume exits 0" [ "$status" = 0 ]
runh state "$id"
check "state says running again" jqt '.status == "running"'
a=$(counter)
wait_until 5 sh -c "[ \"\$(cat /proc/$pid/root/dev/shm/n)\" != \"$a\" ]"
check "after resume the counter moves again" [ "$(counter)" != "$a" ]

runh pause "$id"
runh delete --force "$id"
check "delete --force of a paused container leaves nothing" nothing_left "$id"

runh resume "$id"
checkx "resume of a missing container: 'container does not exist'" '[ "$status" = 1 ] && grep -q "container does not exist" <<<"$errout"'

# Paused is what the freezer says: a pause that froze the cgroup and died before anything
# else (here: the freezer written by hand, as a killed `runh pause` leaves it).
id=pzf$RANDOM
dir=$(bundle "$id" '.' sleep 100)
runh run -d --bundle "$dir" "$id"
frz=/sys/fs/cgroup/freezer$CGPARENT/$id
[ -d "$frz" ] || frz=/sys/fs/cgroup/unified$CGPARENT/$id
if [ -f "$frz/freezer.state" ]; then echo FROZEN >"$frz/freezer.state"; else echo 1 >"$frz/cgroup.freeze"; fi
runh state "$id"
check "a cgroup frozen behind runh's back: state says paused" jqt '.status == "paused"'
runh resume "$id"
check "... resume thaws it" [ "$status" = 0 ]
runh state "$id"
check "... and state says running again" jqt '.status == "running"'
if [ -f "$frz/freezer.state" ]; then echo FROZEN >"$frz/freezer.state"; else echo 1 >"$frz/cgroup.freeze"; fi
s0=$SECONDS
runh delete --force "$id"
checkx "delete --force of a container frozen behind runh's back thaws first and leaves nothing" \
	'[ "$status" = 0 ] && [ $((SECONDS - s0)) -lt 5 ] && nothing_left "$id"'
