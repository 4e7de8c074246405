# A container without a mount namespace of its own (config-linux.md: a namespace type not
# listed is the runtime's), and one joining a mount namespace by path.  Its mounts live in
# that namespace under a private bind of the rootfs, the root is a chroot, and delete
# removes them all; nothing reaches other namespaces, "/" is not touched.

no_mnt='.linux.namespaces |= map(select(.type != "mount"))'
rootfs_mounts() { grep -c " $ROOTFS[/ ]" "${1:-/proc/self/mountinfo}"; }
root_line() { awk '$5 == "/" { $1 = $2 = ""; print; exit }' /proc/self/mountinfo; }

root_before=$(root_line)
run_in "$no_mnt" 'readlink /proc/self/ns/mnt; cat /proc/1/cmdline | tr "\0" " "; echo; ls /; touch /x 2>&1; stat -c "%t,%T" /proc/timer_list; grep -c " /proc " /proc/self/mountinfo'
check "no mount namespace: the run succeeds" [ "$status" = 0 ]
check "the container is in the host's mount namespace" [ "$(sed -n 1p <<<"$out")" = "$(readlink /proc/self/ns/mnt)" ]
check "its /proc is its own pid namespace's (PID 1 is its sh)" grep -q '^sh -c' <<<"$(sed -n 2p <<<"$out")"
check "its / is the rootfs (busybox's /bin)" out_has '^bin$'
check "the host's files are not under its / " out_lacks '^(boot|lost\+found|work)$'
check "root.readonly holds: / is read-only" out_has 'Read-only file system'
check "maskedPaths: /proc/timer_list is /dev/null (1,3)" out_has '^1,3$'
check "\"/\" of the host keeps its propagation" [ "$(root_line)" = "$root_before" ]
check "nothing left: the mounts went with the container" nothing_left "$last_id"

# Detached: the mounts are in the host's namespace while it runs, and exec joins its root.
id=shared$RANDOM
dir=$(bundle "$id" "$no_mnt | .process.cwd = \"/etc\"" sleep 100)
touch "$IT_WORK/host-only-marker"
runh run -d --bundle "$dir" "$id"
check "run -d without a mount namespace" [ "$status" = 0 ]
check "its /proc is mounted in the host's namespace, under the rootfs" grep -q " $ROOTFS/proc " /proc/self/mountinfo
runh exec "$id" sh -c 'pwd; ls /; cat /proc/1/cmdline | tr "\0" " "; ls /host-only-marker 2>&1; ls "'"$IT_WORK"'" 2>&1'
checkx "exec: chrooted into the container's root, in process.cwd" '[ "$(sed -n 1p <<<"$out")" = /etc ] && out_has "^bin$"'
check "exec: sees the container's pid namespace" out_has '^sleep 100'
check "exec: the host's directories are out of reach" out_lacks 'host-only-marker$'
runh exec --cwd / "$id" sh -c 'cd ..; cd ..; ls / | head -3; ls /proc/self/root/ | grep -c -x bin'
check "exec: .. from / stays at the container's root" out_has '^bin$'
runh delete --force "$id"
check "delete --force: no mount of it left in the host's namespace" [ "$(rootfs_mounts)" = 0 ]
check "delete --force: nothing left" nothing_left "$id"

# Two containers without mount namespaces on one rootfs: the second's bind is stacked on
# the first's.  Deleting the first refuses to detach the second's mounts (its state is
# kept); in the other order both go.
ida=twoa$RANDOM idb=twob$RANDOM
dira=$(bundle "$ida" "$no_mnt" sleep 100)
dirb=$(bundle "$idb" "$no_mnt" sleep 100)
runh run -d --bundle "$dira" "$ida"
runh run -d --bundle "$dirb" "$idb"
check "two containers without a mount namespace on one rootfs run" [ "$status" = 0 ]
runh delete --force "$ida"
checkx "deleting the first: refused while the second's bind is stacked on its own" '[ "$status" != 0 ] && grep -q "delete that one first" <<<"$errout" && [ -e "$ROOT/$ida" ]'
runh exec "$idb" cat /proc/1/cmdline
check "... the second's mounts are untouched (its /proc works)" grep -q sleep <<<"$out"
runh delete --force "$idb"
check "the second is deleted" [ "$status" = 0 ]
runh delete --force "$ida"
check "then the first" [ "$status" = 0 ]
check "... nothing of either left" nothing_left "$ida"
check "... nothing of either left (second)" nothing_left "$idb"

# A rootfs that is itself a mount point (as containerd's overlay): delete removes only
# what runh stacked on it.
mkdir -p "$IT_WORK/own-root"
cp -a "$ROOTFS/." "$IT_WORK/own-root/"
mount --bind "$IT_WORK/own-root" "$IT_WORK/own-root"
below=$(awk -v p="$IT_WORK/own-root" '$5 == p { print $1 }' /proc/self/mountinfo | tail -1)
id=stacked$RANDOM
dir=$(bundle "$id" "$no_mnt" sleep 100)
rm "$dir/rootfs" && ln -s "$IT_WORK/own-root" "$dir/rootfs"
runh run -d --bundle "$dir" "$id"
check "a rootfs that is a mount point: run -d" [ "$status" = 0 ]
runh delete --force "$id"
after=$(awk -v p="$IT_WORK/own-root" '$5 == p { print $1 }' /proc/self/mountinfo)
checkx "delete removed its bind and mounts, the rootfs's own mount stays" '[ -n "$below" ] && [ "$after" = "$below" ] && ! grep -q " $IT_WORK/own-root/proc " /proc/self/mountinfo'
umount "$IT_WORK/own-root"
rm -rf "$IT_WORK/own-root"

# Propagation: a shared mount holds the rootfs, another namespace is its slave.  The
# container's mounts are made under a private bind: none reaches the other namespace.
mkdir -p "$IT_WORK/shared"
mount --bind "$IT_WORK/shared" "$IT_WORK/shared" && mount --make-shared "$IT_WORK/shared"
mkdir -p "$IT_WORK/shared/root"
cp -a "$ROOTFS/." "$IT_WORK/shared/root/"
unshare --mount --propagation slave sleep 100 &
watcher=$!
wait_until 5 test "$(readlink /proc/$watcher/ns/mnt)" != "$(readlink /proc/self/ns/mnt)"
id=prop$RANDOM
dir=$(bundle "$id" "$no_mnt" sleep 100)
rm "$dir/rootfs" && ln -s "$IT_WORK/shared/root" "$dir/rootfs"
runh run -d --bundle "$dir" "$id"
check "rootfs on a shared mount: run -d" [ "$status" = 0 ]
check "its /proc is in the host's namespace" grep -q " $IT_WORK/shared/root/proc " /proc/self/mountinfo
checkx "but not in the slave namespace (the rootfs bind is private)" '! grep -q " $IT_WORK/shared/root/proc " /proc/$watcher/mountinfo'
runh delete --force "$id"
checkx "delete: its mounts are gone" '! grep -q " $IT_WORK/shared/root/" /proc/self/mountinfo'
kill "$watcher"
wait "$watcher" 2>/dev/null
umount -l "$IT_WORK/shared"
rm -rf "$IT_WORK/shared"

# Joining a mount namespace by path (runtime-tools' linux_ns_path makes one with unshare).
unshare --mount --propagation private sleep 100 &
owner=$!
wait_until 5 test "$(readlink /proc/$owner/ns/mnt)" != "$(readlink /proc/self/ns/mnt)"
ns=$(readlink /proc/$owner/ns/mnt)
id=joinmnt$RANDOM
dir=$(bundle "$id" ".linux.namespaces |= map(if .type == \"mount\" then .path = \"/proc/$owner/ns/mnt\" else . end)" sleep 100)
runh run -d --bundle "$dir" "$id"
check "a mount namespace joined by path: run -d" [ "$status" = 0 ]
pid=$("$RUNH" --root "$ROOT" state "$id" | jq .pid)
check "the container is in the joined mount namespace" [ "$(readlink /proc/$pid/ns/mnt)" = "$ns" ]
check "its mounts are in the joined namespace" grep -q " $ROOTFS/proc " /proc/$owner/mountinfo
checkx "and not in the host's" '! grep -q " $ROOTFS/proc " /proc/self/mountinfo'
check "the namespace's other process keeps its root (no pivot_root there)" [ "$(readlink /proc/$owner/root)" = / ]
runh exec "$id" sh -c 'readlink /proc/self/ns/mnt; ls /'
checkx "exec joins it and the container's root" '[ "$(sed -n 1p <<<"$out")" = "$ns" ] && out_has "^bin$"'
runh delete --force "$id"
check "delete: the mounts left the joined namespace" [ "$(rootfs_mounts /proc/$owner/mountinfo)" = 0 ]
check "delete: nothing left" nothing_left "$id"

# The joined namespace gone before delete: its mounts went with it; delete still works.
id=joingone$RANDOM
dir=$(bundle "$id" ".linux.namespaces |= map(if .type == \"mount\" then .path = \"/proc/$owner/ns/mnt\" else . end)" sleep 100)
runh run -d --bundle "$dir" "$id"
pid=$("$RUNH" --root "$ROOT" state "$id" | jq .pid)
kill "$owner"
wait "$owner" 2>/dev/null
runh kill "$id" KILL
wait_until 5 test ! -e /proc/$pid
runh delete "$id"
check "the joined namespace gone: delete succeeds" [ "$status" = 0 ]
check "and leaves nothing" nothing_left "$id"

# Failures undo the bind: a mount the kernel refuses, mid-way through the mounts.
id=badmount$RANDOM
dir=$(bundle "$id" "$no_mnt | .mounts += [{\"destination\":\"/mnt\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=bogus\"]}]" true)
runh run --bundle "$dir" "$id"
checkx "a failing mount: run fails, naming it" '[ "$status" != 0 ] && grep -q "mounts\[" <<<"$errout"'
check "a failing mount: no mount left in the host's namespace" [ "$(rootfs_mounts)" = 0 ]
check "a failing mount: nothing left" nothing_left "$id"

# runh killed mid-create (its createRuntime hook kills it) after the child mounted:
# delete --force finds the bind from state.json and removes it.
id=crash$RANDOM
dir=$(bundle "$id" "$no_mnt | .hooks.createRuntime = [{\"path\":\"/bin/sh\",\"args\":[\"sh\",\"-c\",\"kill -9 \$PPID\"]}]" true)
runh create --bundle "$dir" "$id"
check "runh killed mid-create" [ "$status" = 137 ]
check "the child's mounts were made before the kill" [ "$(rootfs_mounts)" -gt 0 ]
runh delete --force "$id"
check "delete --force after the crash: the mounts are gone" [ "$(rootfs_mounts)" = 0 ]
check "delete --force after the crash: nothing left" nothing_left "$id"

# A user namespace cannot mount in a namespace it does not own: refused up front.
run_in "$no_mnt | .linux.namespaces += [{\"type\":\"user\"}] | .linux.uidMappings = [{\"containerID\":0,\"hostID\":100000,\"size\":65536}] | .linux.gidMappings = [{\"containerID\":0,\"hostID\":100000,\"size\":65536}]" 'true'
checkx "user namespace without a mount namespace: refused, naming why" '[ "$status" != 0 ] && grep -q "a user namespace needs a new mount namespace" <<<"$errout"'
check "refused: nothing left" nothing_left "$last_id"
