# events: cgroup statistics as JSON, once (--stats, containerd's metrics) or as a stream
# with OOM events, until the container exits.

id=ev$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory":{"limit":67108864},"pids":{"limit":64}}' sh -c 'sleep 300 & sleep 300')
runh run -d --bundle "$dir" "$id"
runh events --stats "$id"
check "events --stats prints one stats event" jqt --arg id "$id" '.type == "stats" and .id == $id'
check "memory usage and limit (64 MiB) from the cgroup" jqt '.data.memory.usage.limit == 67108864 and .data.memory.usage.usage > 0'
check "pids current (the init and its sleeps) and limit" jqt '.data.pids.current >= 2 and .data.pids.limit == 64'
check "cpu usage in ns" jqt '.data.cpu.usage.total > 0 and (.data.cpu.usage.percpu | length) >= 1'
check "memory.stat raw keys" jqt '.data.memory.raw | has("rss") or has("anon")'

timeout 10 "$RUNH" --root "$ROOT" events --interval 200ms "$id" >"$IT_WORK/events.out" &
epid=$!
wait_until 5 sh -c "[ \$(wc -l < $IT_WORK/events.out) -ge 2 ]"
runh kill "$id" KILL
wait $epid
st=$?
check "the stream prints stats every interval" [ "$(grep -c '"type":"stats"' "$IT_WORK/events.out")" -ge 2 ]
check "... and ends (exit 0) when the container exits, with an exit event last" [ "$st" = 0 ]
check "the last event is exit" [ "$(tail -n 1 "$IT_WORK/events.out" | jq -r .type)" = exit ]
runh delete "$id"

id=oom$RANDOM
dir=$(bundle "$id" '.linux.resources = {"memory":{"limit":16777216,"swap":16777216}}' sh -c 'sleep 1; x=$(head -c 100000000 /dev/zero | tr "\000" a); sleep 300')
runh run -d --bundle "$dir" "$id"
timeout 15 "$RUNH" --root "$ROOT" events --interval 100ms "$id" >"$IT_WORK/oom.out" &
epid=$!
wait_until 10 grep -q '"type":"oom"' "$IT_WORK/oom.out"
check "an OOM kill in the container is an oom event" grep -q "\"type\":\"oom\",\"id\":\"$id\"" "$IT_WORK/oom.out"
runh delete --force "$id"
wait $epid
check "nothing left" nothing_left "$id"
runh events --stats nosuch
checkx "events of a missing container: 'container does not exist'" '[ "$status" = 1 ] && grep -q "container does not exist" <<<"$errout"'
