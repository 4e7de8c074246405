# User namespaces without friction: a bundle and bind sources behind a 0700 directory
# (opened by runh in its own user namespace and attached by fd), idmapped bind mounts and
# an idmapped rootfs (files owned by host root show as the container's root, and what
# the container's root writes lands with the mount's mapping), `runh spec --hardened` on
# a rootfs nobody chowned, and the errors that name what is wrong.

userns='.linux.namespaces += [{"type":"user"}] | .linux.uidMappings = [{"containerID":0,"hostID":200000,"size":65536}] | .linux.gidMappings = [{"containerID":0,"hostID":200000,"size":65536}]'

# A private directory (0700, host root) holding a bundle with a rootfs of its own that
# nobody chowned (host root owns every file), a bind source directory and a file.
priv="$IT_WORK/private"
mkdir -p "$priv/b" "$priv/data"
chmod 0700 "$priv"
cp -a "$ROOTFS" "$priv/b/rootfs"
chown -R 0:0 "$priv/b/rootfs"
chmod 1777 "$priv/b/rootfs/tmp"
echo from-the-host >"$priv/data/hello"
echo a-file >"$priv/file"
chown -R 1000:1000 "$priv/data"

# pbundle NAME FILTER ARGS...: like bundle(), in the private directory with its rootfs.
pbundle() {
	local name=$1 filter=$2
	shift 2
	local dir="$priv/b/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s ../rootfs "$dir/rootfs"
	(cd "$dir" && "$RUNH" spec ${SPEC_FLAGS:-}) || return 1
	jq --argjson a "$(jq -cn '$ARGS.positional' --args -- "$@")" --arg tag "RUNH_IT=$TAG" \
		--arg cg "$CGPARENT/$name" \
		'.process.args = $a | .process.env += [$tag] | .linux.cgroupsPath = $cg | '"$filter" \
		"$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
	echo "$dir"
}

id=pb$RANDOM
dir=$(pbundle "$id" "$userns" sh -c 'id -u; cat /etc/hostname 2>/dev/null; echo reached')
runh run --bundle "$dir" "$id"
checkx "a bundle in a 0700 directory runs with a user namespace" '[ "$status" = 0 ] && out_has "^0$" && out_has "^reached$"'
check "... nothing left" nothing_left "$id"

id=pn$RANDOM
dir=$(pbundle "$id" "$userns" sh -c 'echo reached')
runh run --no-pivot --bundle "$dir" "$id"
checkx "... and with --no-pivot" '[ "$status" = 0 ] && out_has "^reached$"'
check "... nothing left" nothing_left "$id"

# Bind sources behind the 0700 directory: a directory (rbind) and a file (bind, ro).
binds=' | .mounts += [{"destination":"/home/data","type":"bind","source":"'"$priv"'/data","options":["rbind"]},{"destination":"/etc/motd","type":"bind","source":"'"$priv"'/file","options":["bind","ro"]}]'
id=bs$RANDOM
dir=$(bundle "$id" "$userns$binds" sleep 300)
runh run -d --bundle "$dir" "$id"
check "bind sources behind a 0700 directory: the container starts" [ "$status" = 0 ]
runh exec "$id" sh -c 'cat /home/data/hello /etc/motd'
checkx "... it reads the bound directory and file" '[ "$status" = 0 ] && out_has "^from-the-host$" && out_has "^a-file$"'
pid=$(jq -r .pid <<<"$("$RUNH" --root "$ROOT" state "$id")")
fds=$(ls /proc/$pid/fd | wc -l)
check "... the container's process keeps no fd of runh's (0, 1, 2 only)" [ "$fds" = 3 ]
runh delete --force "$id"
check "... nothing left" nothing_left "$id"

# A foreground run keeps none of the trees it opened once the container is cloned: the
# sources are not held busy by runh while the container runs.
id=fg$RANDOM
dir=$(bundle "$id" "$userns$binds" sleep 300)
"$RUNH" --root "$ROOT" run --bundle "$dir" "$id" </dev/null >/dev/null 2>&1 &
fg=$!
wait_until 10 test -n "$("$RUNH" --root "$ROOT" state "$id" 2>/dev/null | jq -r 'select(.status == "running") | .id')"
# (a tree's fd reads as the path it got in the container: the directory, /etc/motd)
held=$(for f in /proc/$fg/fd/*; do { [ -d "$f" ] || [ "$(readlink "$f")" = /etc/motd ]; } && echo "$f"; done 2>/dev/null | wc -l)
check "a foreground run holds no fd of its bind sources while the container runs" [ "$held" = 0 ]
"$RUNH" --root "$ROOT" kill "$id" KILL >/dev/null 2>&1
wait "$fg" 2>/dev/null
check "... nothing left" nothing_left "$id"

# An idmapped bind with the mount's own mappings: host uid 1000 is the container's root
# (host 200000) there; the container's root writes files as 1000 on the host.
own='[{"containerID":1000,"hostID":200000,"size":1}]'
id=ib$RANDOM
dir=$(bundle "$id" "$userns"' | .mounts += [{"destination":"/home/plain","type":"bind","source":"'"$priv"'/data","options":["rbind"]},{"destination":"/home/mapped","type":"bind","source":"'"$priv"'/data","options":["rbind","idmap"],"uidMappings":'"$own"',"gidMappings":'"$own"'}]' \
	sh -c 'stat -c "plain=%u:%g" /home/plain/hello; stat -c "mapped=%u:%g" /home/mapped/hello; echo x >/home/mapped/new && echo wrote; grep " /home/mapped " /proc/self/mountinfo')
runh run --bundle "$dir" "$id"
checkx "idmapped bind (own mappings): the host's uid 1000 shows as root inside, unmapped elsewhere" '[ "$status" = 0 ] && out_has "^plain=65534:65534$" && out_has "^mapped=0:0$" && out_has "idmapped"'
checkx "... the container's root (host uid 200000) writes there as host uid 1000" 'out_has "^wrote$" && [ "$(stat -c %u:%g "$priv/data/new")" = 1000:1000 ]'
check "... nothing left" nothing_left "$id"
rm -f "$priv/data/new"

# The idmap option alone: the container's own user namespace maps the mount.
id=ic$RANDOM
dir=$(bundle "$id" "$userns"' | .mounts += [{"destination":"/home/r","type":"bind","source":"'"$priv"'/b/rootfs/etc","options":["bind","idmap"]}]' \
	sh -c 'stat -c "r=%u" /home/r/passwd; stat -c "etc=%u" /etc/passwd')
runh run --bundle "$dir" "$id"
checkx "idmap without mappings: the container's user namespace (host root shows as root)" '[ "$status" = 0 ] && out_has "^r=0$" && out_has "^etc=65534$"'
check "... nothing left" nothing_left "$id"

# The idmapped rootfs of a bundle in the private directory: every host-root file shows
# as the container's root, and what the container's root writes is host root's on disk.
id=ir$RANDOM
dir=$(pbundle "$id" "$userns"' | .annotations["io.github.runh.idmap-rootfs"] = "true" | .root.readonly = false' \
	sh -c 'stat -c "bb=%u:%g" /bin/busybox; echo x >/root/idmap-new && echo wrote; grep -E "^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ / " /proc/self/mountinfo')
runh run --bundle "$dir" "$id"
checkx "idmapped rootfs: the un-chowned rootfs shows as root's inside" '[ "$status" = 0 ] && out_has "^bb=0:0$" && out_has "^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ / [^ ]*idmapped"'
checkx "... files the container's root (host uid 200000) writes are root's on the host" 'out_has "^wrote$" && [ "$(stat -c %u:%g "$priv/b/rootfs/root/idmap-new")" = 0:0 ]'
check "... nothing left" nothing_left "$id"
rm -f "$priv/b/rootfs/root/idmap-new"

# runh spec --hardened on that rootfs: runs (user 65534 inside, its user namespace's
# 100000 + 65534 on the host), the rootfs shown as root's.
id=ih$RANDOM
dir=$(SPEC_FLAGS=--hardened pbundle "$id" '.' sh -c 'id -u; stat -c "bb=%u" /bin/busybox; sleep 300')
runh run -d --bundle "$dir" "$id"
check "runh spec --hardened runs on a rootfs nobody chowned" [ "$status" = 0 ]
pid=$(jq -r .pid <<<"$("$RUNH" --root "$ROOT" state "$id")")
wait_until 5 grep -q sleep /proc/$pid/comm
check "... as host uid 165534 (65534 of the mapped range)" grep -qE '^Uid:\s+165534\s+165534\s+165534\s+165534' /proc/$pid/status
runh exec "$id" stat -c "bb=%u" /bin/busybox
checkx "... where host root's files are the container's root's" '[ "$status" = 0 ] && out_has "^bb=0$"'
runh delete --force "$id"
check "... nothing left" nothing_left "$id"

# Errors, before anything exists: idmap without a user namespace; a filesystem that
# cannot be idmapped; a destination the container's root cannot reach.
bad() { # DESC FILTER MESSAGE
	local id=be$RANDOM dir want=$3
	dir=$(bundle "$id" "$2" true)
	runh run --bundle "$dir" "$id"
	checkx "$1" '[ "$status" = 1 ] && grep -qF -- "$want" <<<"$errout" && nothing_left "$id"'
}
bad "idmap option without a user namespace: refused, naming the field" \
	'.mounts += [{"destination":"/x","type":"bind","source":"/tmp","options":["bind","idmap"]}]' \
	"config.json: mounts[7].options: an idmapped mount needs a user namespace (linux.namespaces has no \"user\")"
bad "uidMappings without a user namespace: refused, naming the field" \
	'.mounts += [{"destination":"/x","type":"bind","source":"/tmp","options":["bind"],"uidMappings":[{"containerID":0,"hostID":1,"size":1}],"gidMappings":[{"containerID":0,"hostID":1,"size":1}]}]' \
	"config.json: mounts[7].uidMappings: an idmapped mount needs a user namespace"
bad "the idmapped rootfs without a user namespace: refused" \
	'.annotations["io.github.runh.idmap-rootfs"] = "true"' \
	"config.json: annotations.io.github.runh.idmap-rootfs: an idmapped rootfs needs a user namespace"
bad "a filesystem that cannot be idmapped (proc): the mount and the reason" \
	"$userns"' | .mounts += [{"destination":"/x","type":"bind","source":"/proc/sys","options":["rbind","idmap"]}]' \
	"mounts[7]: idmapped bind of '/proc/sys' at '/x': cannot idmap it: its filesystem (proc) or this kernel does not support idmapped mounts: Invalid argument"
mkdir -m 0700 "$priv/b/rootfs/secret"
id=bd$RANDOM
dir=$(pbundle "$id" "$userns"' | .mounts += [{"destination":"/secret/x","type":"tmpfs","source":"tmpfs"}]' true)
runh run --bundle "$dir" "$id"
checkx "a destination the container's root cannot search: which directory, whose, and the host uid" '[ "$status" = 1 ] && grep -qF "mounts[7]: the container'"'"'s root (host uid 200000) cannot search '"'"'/secret'"'"' (0700, owner outside the container'"'"'s uid mappings)" <<<"$errout" && nothing_left "$id"'
rmdir "$priv/b/rootfs/secret"

runh features
check "features reports idmapped mounts" jqt '.linux.mountExtensions.idmap.enabled == true'

mkdir -m 0700 "$priv/b/rootfs/secret"
id=bc$RANDOM
dir=$(pbundle "$id" "$userns"' | .process.cwd = "/secret/x"' true)
runh run --bundle "$dir" "$id"
checkx "a process.cwd the container's root cannot reach: named, with the directory and the host uid" '[ "$status" = 1 ] && grep -qF "process.cwd '"'"'/secret/x'"'"': the container'"'"'s root (host uid 200000) cannot search '"'"'/secret'"'"' (0700, owner outside the container'"'"'s uid mappings)" <<<"$errout" && nothing_left "$id"'
rmdir "$priv/b/rootfs/secret"
