# User namespaces: the container's root is an unprivileged host uid.

userns='.linux.namespaces += [{"type":"user"}] | .linux.uidMappings = [{"containerID":0,"hostID":200000,"size":65536}] | .linux.gidMappings = [{"containerID":0,"hostID":200000,"size":65536}]'

run_in "$userns" 'cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g'
check "uid_map inside is the configured mapping" grep -qE '^ +0 +200000 +65536$' <<<"$(sed -n 1p <<<"$out")"
check "gid_map inside is the configured mapping" grep -qE '^ +0 +200000 +65536$' <<<"$(sed -n 2p <<<"$out")"
check "the process is root inside" [ "$(sed -n 3p <<<"$out")" = 0 -a "$(sed -n 4p <<<"$out")" = 0 ]

id=uns$RANDOM
dir=$(bundle "$id" "$userns | .process.user = {\"uid\": 1000, \"gid\": 1000}" sleep 100)
runh create --bundle "$dir" "$id"
runh start "$id"
runh state "$id"
pid=$(jq -r .pid <<<"$out")
wait_until 5 grep -q sleep /proc/$pid/comm
check "the container's init runs as host uid 201000" grep -qE '^Uid:\s+201000\s+201000\s+201000\s+201000' /proc/$pid/status
check "... and host gid 201000" grep -qE '^Gid:\s+201000\s+201000\s+201000\s+201000' /proc/$pid/status
check "its user namespace differs from the host's" [ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ]
runh delete --force "$id"
check "nothing left after the user-namespace container" nothing_left "$id"

run_in "$userns"' | .mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["size=1m"]}]' 'cat /dev/null && echo null-ok; touch /tmp/f && stat -c %u /tmp/f; ls /dev/zero'
check "default devices work in a user namespace (bound from the host)" grep -q null-ok <<<"$out"
check "files created by root inside belong to uid 0 inside" [ "$(sed -n 2p <<<"$out")" = 0 ]

# exec --tty into a user-namespaced container (docker exec -it under --userns-remap): the
# exec'd process becomes root of the user namespace before it makes the pty.
if [ -x "${RUNH_HELPERS:-}/console-recv" ]; then
	id=ut$RANDOM
	dir=$(bundle "$id" "$userns" sleep 300)
	runh run -d --bundle "$dir" "$id"
	sock="$IT_WORK/ut-console.sock"
	"$RUNH_HELPERS/console-recv" "$sock" "tty; id -u; stat -c owner=%u:%g \$(tty); exit
" >"$IT_WORK/ut-console.out" &
	rpid=$!
	wait_until 5 test -S "$sock"
	runh exec --tty --console-socket "$sock" "$id" sh
	wait $rpid
	out=$(cat "$IT_WORK/ut-console.out")
	checkx "exec --tty in a user namespace: the pty works, owned by the container's root" '[ "$status" = 0 ] && out_has "^got-pty" && out_has "^/dev/pts/[0-9]" && out_has "^owner=0:"'
	runh delete --force "$id"
	check "... nothing left" nothing_left "$id"
else
	skip "console-recv helper not built"
fi

# Joining a user namespace by path (dockerd --userns-remap with --network/--pid=container:X,
# a Kubernetes pod's user namespace): the new namespaces are made inside the joined one,
# so its root owns them (a fresh /proc mounts, the pid namespace is its own).
id=uh$RANDOM
dir=$(bundle "$id" "$userns" sleep 300)
runh run -d --bundle "$dir" "$id"
holder=$(jq -r .pid <<<"$("$RUNH" --root "$ROOT" state "$id")")
uns=$(readlink /proc/$holder/ns/user) nns=$(readlink /proc/$holder/ns/net) pns=$(readlink /proc/$holder/ns/pid)
id2=uj$RANDOM
join=".linux.namespaces = [{\"type\":\"mount\"},{\"type\":\"pid\"},{\"type\":\"uts\"},{\"type\":\"ipc\"},{\"type\":\"user\",\"path\":\"/proc/$holder/ns/user\"},{\"type\":\"network\",\"path\":\"/proc/$holder/ns/net\"}] | del(.linux.uidMappings, .linux.gidMappings)"
dir2=$(bundle "$id2" "$join" sh -c 'cat /proc/self/uid_map; readlink /proc/self/ns/user; readlink /proc/self/ns/net; id -u; echo pid=$$; grep -c "^proc /proc " /proc/mounts; sleep 300')
runh run -d --bundle "$dir2" "$id2"
check "a container joining a user namespace by path starts" [ "$status" = 0 ]
init2=$(jq -r .pid <<<"$("$RUNH" --root "$ROOT" state "$id2")")
checkx "... it is in the joined user and network namespaces" '[ "$(readlink /proc/$init2/ns/user)" = "$uns" ] && [ "$(readlink /proc/$init2/ns/net)" = "$nns" ]'
checkx "... with its own new pid namespace, owned by the joined user namespace" '[ "$(readlink /proc/$init2/ns/pid)" != "$pns" ] && [ "$(readlink /proc/$init2/ns/pid)" != "$(readlink /proc/self/ns/pid)" ]'
runh exec "$id2" sh -c 'cat /proc/self/uid_map; id -u; echo pid1=$(cat /proc/1/comm)'
checkx "exec into it: root of the joined namespace (host 200000), the container's pid 1" '[ "$status" = 0 ] && out_has "^ +0 +200000 +65536$" && out_has "^0$" && out_has "^pid1=sleep$"'
runh delete --force "$id2"
# (the holder still runs with this file's tag: check the joining container's own traces)
checkx "... delete leaves nothing of the joining container" '[ ! -e "$ROOT/$id2" ] && [ -z "$(cgroup_dirs "$id2")" ] && { [ ! -e /proc/$init2/status ] || grep -q "^State:.*Z" /proc/$init2/status; }'

# The same with the holder's pid namespace joined too.
id3=uk$RANDOM
dir3=$(bundle "$id3" "$join"' | .linux.namespaces |= map(if .type == "pid" then .path = "/proc/'"$holder"'/ns/pid" else . end)' sh -c 'id -u; ps -o comm | grep -c sleep')
runh run --bundle "$dir3" "$id3"
checkx "joined user + pid namespaces: root there, and it sees the holder's sleep" '[ "$status" = 0 ] && [ "$(sed -n 1p <<<"$out")" = 0 ] && [ "$(sed -n 2p <<<"$out")" -ge 1 ]'
checkx "... nothing left of it" '[ ! -e "$ROOT/$id3" ] && [ -z "$(cgroup_dirs "$id3")" ]'
runh delete --force "$id"
check "... nor of the holder" nothing_left "$id"

# Propagation of a bind mount whose source (a shared host mount) runh opened in its own
# user namespace: as the container's copy of it would be (a slave: the host's mounts
# reach the container, none of the container's reach the host), for the default "/" and
# an rshared one (runc 1.1.5: the same).
for root in unset rshared private; do
	for bind in rslave rshared rprivate; do
		id=up$RANDOM
		prop_probe "$id" "$userns | " "$root" "$bind" /home/data
		want="1 0"
		[ $bind = rprivate ] && want="0 0"
		check "user namespace, rootfsPropagation $root, bind $bind: host->container $h2c, container->host $c2h (want $want)" [ "$h2c $c2h" = "$want" ]
		prop_done "$id"
		check "... nothing left" nothing_left "$id"
	done
done
