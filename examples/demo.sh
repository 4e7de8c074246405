#!/bin/bash
# make demo: build the busybox rootfs, then run the hardened example container.
set -euo pipefail
runh=$(realpath "${1:-build/runh}")
top=$(cd "$(dirname "$0")/.." && pwd)
work="$top/build/demo"
mkdir -p "$work"
chmod 755 "$top/build" "$work" # the user namespace's root must reach the rootfs
[ -x "$work/rootfs/bin/busybox" ] || "$top/examples/mkrootfs.sh" "$work/rootfs"
for ex in hello hardened; do
	mkdir -p "$work/$ex"
	cp "$top/examples/$ex/config.json" "$work/$ex/config.json"
	ln -sfn ../rootfs "$work/$ex/rootfs"
done
echo "== runh run (examples/hello)"
"$runh" run --bundle "$work/hello" "runh-demo-hello-$$"
echo
echo "== runh run (examples/hardened): nobody, no capabilities, read-only root, user namespace"
"$runh" run --bundle "$work/hardened" "runh-demo-hardened-$$"
echo
echo "demo: both containers ran and were removed (runh list shows none of them):"
"$runh" list -q | grep runh-demo- || echo "  (none left)"
