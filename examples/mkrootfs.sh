#!/bin/bash
# Build a minimal rootfs from Debian's busybox-static: the static binary, one link per
# applet, /etc/passwd and /etc/group with root and nobody, and the usual empty dirs.
# Usage: examples/mkrootfs.sh DIR
set -euo pipefail
dir=${1:?usage: mkrootfs.sh DIR}
bb=$(command -v busybox || true)
[ -x /bin/busybox ] && bb=/bin/busybox
if [ -z "$bb" ] || ! file -L "$bb" 2>/dev/null | grep -q "statically linked"; then
	[ -x /bin/busybox ] || { echo "mkrootfs: install busybox-static" >&2; exit 1; }
fi
mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,home,var/tmp}
chmod 1777 "$dir/tmp" "$dir/var/tmp"
install -m 0755 "$bb" "$dir/bin/busybox"
for applet in $("$dir/bin/busybox" --list); do
	[ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
done
cat >"$dir/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$dir/etc/group" <<GROUP
root:x:0:
tty:x:5:
nogroup:x:65534:
GROUP
echo "runh" >"$dir/etc/hostname"
