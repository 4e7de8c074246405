# The filesystem the container sees: read-only root, mounts, devices, masked paths.

tmpfs='.mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","noexec","mode=1777","size=2m"]}]'

run_in "$tmpfs" 'touch /rootfile 2>/dev/null && echo root-writable || echo root-ro; touch /tmp/x && echo tmp-ok; grep " /tmp " /proc/mounts'
check "the root is read-only" grep -qx root-ro <<<"$out"
check "the tmpfs is writable" grep -qx tmp-ok <<<"$out"
check "the tmpfs has its options in /proc/mounts" grep -qE '^tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,.*size=2048k' <<<"$out"
check "the rootfs on the host is untouched" [ ! -e "$ROOTFS/rootfile" ]

run_in '.root.readonly = false' 'touch /home/rw-probe && echo writable; rm -f /home/rw-probe'
check "root.readonly=false gives a writable root" grep -qx writable <<<"$out"

run_in '.' 'cat /proc/kcore | wc -c; ls -A /sys/firmware | wc -l; echo 1 > /proc/sys/kernel/domainname 2>/dev/null && echo sys-writable || echo sys-ro; grep " /proc/sys " /proc/mounts'
check "a masked file reads empty" [ "$(sed -n 1p <<<"$out")" = 0 ]
check "a masked directory is empty" [ "$(sed -n 2p <<<"$out")" = 0 ]
check "/proc/sys is read-only" grep -qx sys-ro <<<"$out"
check "/proc/sys is a read-only mount" grep -qE '^proc /proc/sys proc ro,' <<<"$out"

run_in '.' 'for d in null zero full random urandom tty; do [ -c /dev/$d ] || echo "missing $d"; done; ls /dev; for l in fd stdin ptmx; do readlink /dev/$l; done'
check "default devices are present" out_lacks missing
check "host devices are absent" out_lacks '^(vda|sda|nvme|kmsg|mem)'
checkx "/dev/fd, /dev/stdin, /dev/ptmx links" 'out_has '\''^/proc/self/fd$'\'' && out_has '\''^/proc/self/fd/0$'\'' && out_has '\''^pts/ptmx$'\'''

run_in '.linux.devices = [{"type":"c","path":"/dev/mynull","major":1,"minor":3,"fileMode":384,"uid":0,"gid":0}]' 'stat -c "%t:%T %a %F" /dev/mynull; echo x > /dev/mynull && echo wrote'
check "a configured device node is created with its mode" [ "$(sed -n 1p <<<"$out")" = "1:3 600 character special file" ]

mkdir -p "$IT_WORK/share" && echo host-data >"$IT_WORK/share/file"
binds=".mounts += [{\"destination\":\"/ro\",\"source\":\"$IT_WORK/share\",\"options\":[\"bind\",\"ro\"]},{\"destination\":\"/rw\",\"source\":\"$IT_WORK/share\",\"options\":[\"rbind\",\"rw\"]}]"
run_in "$binds" 'cat /ro/file; echo a > /ro/new 2>/dev/null && echo ro-writable; echo from-container > /rw/new && echo rw-ok; grep -E " /r[ow] " /proc/mounts'
check "a bind mount shows the host data" grep -qx host-data <<<"$out"
check "a ro bind mount refuses writes" out_lacks ro-writable
check "a rw bind mount takes writes that reach the host" [ "$(cat "$IT_WORK/share/new" 2>/dev/null)" = from-container ]
checkx "ro and rw show in /proc/mounts" 'out_has '\'' /ro [^ ]* ro,'\'' && out_has '\'' /rw [^ ]* rw,'\'''
check "bind mounts leave nothing mounted on the host" nothing_left "$last_id"

# A hostile rootfs: a mount destination that is a symlink to / on the host.
evil="$IT_WORK/evilroot"
cp -a "$ROOTFS" "$evil"
ln -s / "$evil/escape"
ln -s /etc "$evil/etc-link"
id=evil$RANDOM
dir=$(bundle "$id" '.mounts += [{"destination":"/escape/tmp/runh-evil","type":"tmpfs","source":"tmpfs"},{"destination":"/etc-link/runh-evil","type":"tmpfs","source":"tmpfs"}]' true)
rm "$dir/rootfs" && ln -s "$evil" "$dir/rootfs"
runh run --bundle "$dir" "$id"
checkx "symlinked mount destinations stay inside the rootfs" '[ "$status" = 0 ] && [ ! -e /tmp/runh-evil ] && [ ! -e /etc/runh-evil ] && [ -d "$evil/tmp/runh-evil" ]'
check "... and nothing is mounted on the host" nothing_left "$id"

run_in '.' 'cat /proc/self/mountinfo | head -1'
id=np$RANDOM
dir=$(bundle "$id" '.' sh -c 'test -e /bin/busybox && echo in-rootfs; grep -c " / " /proc/self/mountinfo')
runh run --no-pivot --bundle "$dir" "$id"
checkx "--no-pivot runs the container in its rootfs" '[ "$status" = 0 ] && out_has '\''^in-rootfs$'\'''
check "--no-pivot leaves nothing behind" nothing_left "$id"

# --no-pivot must not leave the host's procfs in the container's mount namespace: a nested
# user namespace could then mount a fresh, unmasked /proc (the kernel allows it where a
# full procfs is visible).  With pivot_root the old root is gone anyway.
if [ -x "${RUNH_HELPERS:-}/sysprobe" ]; then
	probe_root="$IT_WORK/proberoot-rootfs"
	[ -d "$probe_root" ] || { cp -a "$ROOTFS" "$probe_root" && cp "$RUNH_HELPERS/sysprobe" "$probe_root/bin/"; }
	for how in --no-pivot ""; do
		id=nq$RANDOM
		dir=$(bundle "$id" '.mounts += [{"destination":"/tmp","type":"tmpfs","source":"tmpfs"}]' sysprobe nested-proc)
		rm "$dir/rootfs" && ln -s "$probe_root" "$dir/rootfs"
		runh run $how --bundle "$dir" "$id"
		checkx "${how:-pivot_root}: a nested user namespace cannot mount a fresh /proc" '[ "$status" = 0 ] && out_has "^nested-proc: EPERM$"'
		check "... nothing left" nothing_left "$id"
	done
	check "... and the host's own /proc and /sys are still mounted" grep -qE '^proc /proc proc .*' /proc/mounts
else
	skip "sysprobe helper not built"
fi

# Masked directories look like runc's: an empty read-only tmpfs any user may list.
run_in '.process.user = {"uid":1000,"gid":1000}' 'ls -A /sys/firmware && echo listed; ls -A /sys/firmware | wc -l; touch /sys/firmware/x 2>/dev/null || echo ro'
checkx "a masked directory is empty, listable by a user, read-only" '[ "$status" = 0 ] && out_has "^listed$" && out_has "^0$" && out_has "^ro$"'

# A read-only /dev tmpfs: filled first, then read-only (its sub-mounts keep their flags).
run_in '.mounts |= map(if .destination == "/dev" then .options += ["ro"] else . end)' 'touch /dev/new 2>/dev/null && echo dev-writable || echo dev-ro; test -c /dev/null && echo null-ok; grep -E "^tmpfs /dev tmpfs ro," /proc/mounts >/dev/null && echo mounted-ro; grep -qE " /dev/pts devpts rw" /proc/mounts && echo pts-rw'
checkx "a read-only /dev works: nodes made, then read-only, devpts rw" '[ "$status" = 0 ] && out_has "^dev-ro$" && out_has "^null-ok$" && out_has "^mounted-ro$" && out_has "^pts-rw$"'

# A mount destination that is a dangling symlink: its target is made inside the root.
dangle="$IT_WORK/dangleroot"
cp -a "$ROOTFS" "$dangle"
ln -s /srv/made-by-runh "$dangle/abs-link"
ln -s ../var/made-rel "$dangle/etc/rel-link"
id=dl$RANDOM
dir=$(bundle "$id" '.mounts += [{"destination":"/abs-link","type":"tmpfs","source":"tmpfs"},{"destination":"/etc/rel-link/sub","type":"tmpfs","source":"tmpfs"}]' sh -c 'grep -E " /srv/made-by-runh | /var/made-rel/sub " /proc/mounts | cut -d" " -f2')
rm "$dir/rootfs" && ln -s "$dangle" "$dir/rootfs"
runh run --bundle "$dir" "$id"
checkx "dangling symlink destinations: the targets are made inside the root and mounted" '[ "$status" = 0 ] && out_has "^/srv/made-by-runh$" && out_has "^/var/made-rel/sub$"'
checkx "... inside the rootfs, not on the host" '[ -d "$dangle/srv/made-by-runh" ] && [ ! -e /srv/made-by-runh ]'
check "... nothing left" nothing_left "$id"

# Propagation needs a shared mount to start from: a shared bind of the rootfs on the host.
shared="$IT_WORK/shared-rootfs"
mkdir -p "$shared" && mount --bind "$ROOTFS" "$shared" && mount --make-shared "$shared"
for prop in rslave rprivate; do
	id=prop$RANDOM
	dir=$(bundle "$id" ".linux.rootfsPropagation = \"$prop\"" sh -c 'awk "\$5 == \"/\"" /proc/self/mountinfo')
	rm "$dir/rootfs" && ln -s "$shared" "$dir/rootfs"
	runh run --bundle "$dir" "$id"
	eval "out_$prop=\$out"
done
umount "$shared"
out=$out_rslave
check "rootfsPropagation rslave: / receives the host's mounts (master:N)" out_has 'master:[0-9]+'
out=$out_rprivate
check "rootfsPropagation rprivate: / has no propagation" out_lacks '(shared|master):'
check "propagation tests leave nothing mounted" nothing_left "$id"

run_in '.linux.rootfsPropagation = "runbindable"' 'awk "\$5 == \"/\"" /proc/self/mountinfo'
checkx "rootfsPropagation runbindable: / is unbindable" '[ "$status" = 0 ] && out_has "unbindable"'
