#!/bin/bash
# make install-strip and make uninstall into a scratch DESTDIR: the stripped binary runs,
# the man pages and the bash completion are where bash-completion and man look, and
# uninstall leaves no file behind.   usage: install.sh BUILD-DIR
set -u
build=${1:?usage: install.sh BUILD-DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
n=0 failed=0
check() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; failed=$((failed + 1)); fi
}
mk() { make --no-print-directory -C "$top" BUILD="$build" DESTDIR="$d" PREFIX=/usr/local "$@" >/dev/null; }

mk install-strip
bin=$d/usr/local/sbin/runh
check "install-strip: the binary is installed and runs" bash -c "'$bin' --version >/dev/null"
check "... stripped (no symbol table)" bash -c "! readelf -S '$bin' | grep -q '\.symtab'"
check "... the man pages under share/man/man8" test -f "$d/usr/local/share/man/man8/runh.8" -a -f "$d/usr/local/share/man/man8/runh-run.8"
check "... the bash completion under share/bash-completion/completions" \
	cmp -s "$top/contrib/completion/runh.bash" "$d/usr/local/share/bash-completion/completions/runh"
mk install
check "install (not stripped) keeps the symbol table" bash -c "readelf -S '$bin' | grep -q '\.symtab'"
mk uninstall
check "uninstall removes every file it installed" test -z "$(find "$d" -type f)"

echo "1..$n"
echo "install: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
