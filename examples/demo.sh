#!/bin/bash
# make demo: build the busybox rootfs, audit the default and the hardened config, then run
# the hardened container that `runh spec --hardened` writes.
set -euo pipefail
runh=$(realpath "${1:-build/runh}")
top=$(cd "$(dirname "$0")/.." && pwd)
work="$top/build/demo"
mkdir -p "$work"
chmod 755 "$top/build" "$work" # the user namespace's root must reach the rootfs
[ -x "$work/rootfs/bin/busybox" ] || "$top/examples/mkrootfs.sh" "$work/rootfs"
for ex in default hardened; do
	rm -rf "$work/$ex"
	mkdir -p "$work/$ex"
	ln -s ../rootfs "$work/$ex/rootfs"
done
"$runh" spec --bundle "$work/default"
"$runh" spec --hardened --bundle "$work/hardened"

echo "== runh audit of the default config (runh spec)"
"$runh" audit --bundle "$work/default" | tail -1 || true
echo "== runh audit of the hardened config (runh spec --hardened)"
"$runh" audit --bundle "$work/hardened" | tail -1
echo

# The hardened config runs `sh`: give it a script that shows what it got.
show='echo "I am $(id)"; grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status
touch /probe 2>/dev/null || echo "the root filesystem is read-only"
echo scratch > /tmp/f && echo "/tmp is a private tmpfs"
echo "uid_map: $(cat /proc/self/uid_map)"
echo "network: $(ls /sys/class/net)"
echo "memory limit: $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max), pids limit: $(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max)"
unshare -U true 2>/dev/null || echo "unshare refused (seccomp)"'
jq --arg show "$show" '.process.args = ["sh", "-c", $show]' "$work/hardened/config.json" >"$work/hardened/config.json.new"
mv "$work/hardened/config.json.new" "$work/hardened/config.json"
echo "== runh run --audit=enforce (the hardened container)"
"$runh" run --audit=enforce --bundle "$work/hardened" "runh-demo-$$"
echo
echo "demo: the container ran and was removed:"
"$runh" list -q | grep "runh-demo-$$" || echo "  (nothing left)"
