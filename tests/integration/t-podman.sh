# podman drives runh: `podman --runtime runh` with a private storage root.

if ! command -v podman >/dev/null; then
	skip "podman is not installed (apt-get install podman)"
	return 0 2>/dev/null || exit 0
fi
pw="$IT_WORK/podman"
mkdir -p "$pw"
nproc=$(ulimit -Hu)
[ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
# This machine's podman asks for nofile/nproc limits the session cannot give: ask for ours.
printf 'default_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)" "$nproc" "$nproc" >"$pw/containers.conf"
export CONTAINERS_CONF="$pw/containers.conf"
P=(podman --root "$pw/storage" --runroot "$pw/run" --tmpdir "$pw/tmp" --storage-driver overlay
	--cgroup-manager cgroupfs --events-backend file --runtime "$RUNH")
RF=(--network none --cgroup-parent "$CGPARENT")
stop_podman() {
	"${P[@]}" rm -af >/dev/null 2>&1
	"${P[@]}" system reset -f >/dev/null 2>&1
	grep " $pw" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l
}
trap 'stop_podman; cleanup_all' EXIT
img=localhost/runh-it-busybox:1
tar --numeric-owner -C "$ROOTFS" -cf "$pw/rootfs.tar" .
"${P[@]}" import --change 'CMD ["/bin/sh"]' "$pw/rootfs.tar" "$img" >/dev/null 2>&1
check "podman import of the busybox rootfs" [ $? = 0 ]

out=$("${P[@]}" run --rm "${RF[@]}" "$img" /bin/sh -c 'echo hi-from-podman' 2>&1)
checkx "podman run --rm runs through runh" 'out_has "^hi-from-podman$"'
"${P[@]}" run --rm "${RF[@]}" "$img" /bin/sh -c 'exit 3' >/dev/null 2>&1
check "podman run: the exit code (3) comes back" [ $? = 3 ]
out=$(echo piped | "${P[@]}" run -i --rm "${RF[@]}" "$img" cat 2>&1)
checkx "podman run -i: stdin reaches the container" 'out_has "^piped$"'

cid=$("${P[@]}" run -d "${RF[@]}" "$img" /bin/sh -c 'sleep 300' 2>/dev/null)
check "podman run -d: running" [ "$("${P[@]}" inspect -f '{{.State.Status}}' "$cid" 2>/dev/null)" = running ]
check "podman's OCI runtime is runh" [ "$("${P[@]}" inspect -f '{{.OCIRuntime}}' "$cid" 2>/dev/null)" = "$RUNH" ]
# (podman's exec asks for RLIMIT_NOFILE 1048576, more than this session's hard limit:
# runh warns on stderr, which podman merges with stdout, and carries on)
out=$("${P[@]}" exec "$cid" sh -c 'echo exec-ok' 2>&1)
checkx "podman exec" 'out_has "^exec-ok$"'
out=$("${P[@]}" exec --user 65534 "$cid" id -u 2>&1)
checkx "podman exec --user 65534" 'out_has "^65534$"'
"${P[@]}" stop -t 2 "$cid" >/dev/null 2>&1
check "podman stop: exited" [ "$("${P[@]}" inspect -f '{{.State.Status}}' "$cid" 2>/dev/null)" = exited ]
"${P[@]}" rm "$cid" >/dev/null 2>&1
check "podman rm: gone" [ -z "$("${P[@]}" ps -aq --filter "id=$cid")" ]

out=$("${P[@]}" run --rm "${RF[@]}" --read-only --tmpfs /tmp --user 65534 --cap-drop ALL --memory 64m --pids-limit 50 "$img" \
	sh -c 'id -u; grep CapEff /proc/self/status; touch /x 2>/dev/null || echo root-ro; touch /tmp/y && echo tmp-rw; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max' 2>&1)
checkx "podman --read-only --tmpfs /tmp --user 65534 --cap-drop ALL --memory 64m --pids-limit 50, seen inside" \
	'[ "$(grep -v "^runh: warning" <<<"$out" | tr "\n" " ")" = "65534 CapEff:	0000000000000000 root-ro tmp-rw 67108864 50 " ]'
