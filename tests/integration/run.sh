#!/bin/bash
# Runs every t-*.sh (as root) and prints one TAP stream: each file's lines renumbered in
# sequence, a "not ok" for a file that died part-way (it did not reach its end), the plan
# 1..N last, and a closing summary:
#   integration: N passed, N failed, N skipped
set -u
RUNH=$(realpath "${1:?usage: run.sh path/to/runh [t-name ...]}")
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export RUNH

if [ "$(id -u)" != 0 ]; then
	echo "ok 1 # skip integration tests need root"
	echo "integration: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# One integration run at a time on this machine (several checkouts may test at once):
# timing-sensitive tests and the shared cgroup hierarchies do not like company.
exec 9>/tmp/runh-integration.lock
flock 9

IT_WORK=$(mktemp -d /tmp/runh-it.XXXXXX)
chmod 755 "$IT_WORK" # a user namespace's root must reach the rootfs
export IT_WORK IT_DIR="$here"
trap 'rm -rf "$IT_WORK"' EXIT
"$top/examples/mkrootfs.sh" "$IT_WORK/rootfs" >/dev/null || { echo "mkrootfs failed"; exit 1; }
# A hostile-looking rootfs for every test: owned by an unprivileged uid, with world-
# writable directories (what an image from anywhere may bring).
chown -R 1000:1000 "$IT_WORK/rootfs"
chmod 0777 "$IT_WORK/rootfs/home" "$IT_WORK/rootfs/var" "$IT_WORK/rootfs/etc"
chmod 1777 "$IT_WORK/rootfs/tmp"

files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/t-*.sh)
pass=0 fail=0 skipped=0 n=0
for f in "${files[@]}"; do
	[ -f "$f" ] || f="$here/$f.sh"
	name=$(basename "$f")
	echo "# $name"
	# The marker is printed only when the file ran to its end (a skip returns early, fine).
	res=$(bash -c 'source "$1/lib.sh"; source "$2"; echo "# end-of-file-reached"' _ "$here" "$f" 2>&1)
	if ! grep -qx '# end-of-file-reached' <<<"$res"; then
		res+=$'\n'"not ok - $name died part-way (exit before its end)"
	fi
	res=$(grep -vx '# end-of-file-reached' <<<"$res" |
		awk -v n="$n" '/^(not )?ok( [0-9]+)?( |$)/ {
			n++; sub(/^ok( [0-9]+)?/, "ok " n); sub(/^not ok( [0-9]+)?/, "not ok " n)
		} {print} END {print "#n " n}')
	n=$(tail -n1 <<<"$res" | cut -d' ' -f2)
	res=$(sed '$d' <<<"$res")
	echo "$res"
	pass=$((pass + $(grep -E '^ok [0-9]+' <<<"$res" | grep -vc '# skip')))
	skipped=$((skipped + $(grep -cE '^ok [0-9]+ # skip' <<<"$res")))
	fail=$((fail + $(grep -cE '^not ok' <<<"$res")))
done
echo "1..$n"
echo "integration: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ $((pass + fail + skipped)) -eq "$n" ]
