#!/bin/bash
# The bash completion (contrib/completion/runh.bash) against the built runh: it registers
# itself, completes commands, options and values, and reads container ids from
# `runh list -q` under the --root given on the line.  No root needed.
#   usage: run.sh path/to/runh
set -u
runh_bin=$(realpath "${1:?usage: run.sh path/to/runh}")
here=$(cd "$(dirname "$0")" && pwd)
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; echo "# got: ${COMPREPLY[*]:-}"; }

# A directory on PATH where `runh` is the binary under test.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$runh_bin" "$bin/runh"
PATH="$bin:$PATH"

# shellcheck source=/dev/null
source "$here/../../contrib/completion/runh.bash"

# complete_line WORDS...: complete the last word (possibly "") as bash would.
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_runh
}
# has WORD / lacks WORD: in COMPREPLY or not.
has() { printf '%s\n' "${COMPREPLY[@]:-}" | grep -qx -- "$1"; }
lacks() { ! has "$1"; }

[ "$(complete -p runh 2>/dev/null)" = "complete -F _runh runh" ] &&
	ok "sourcing it registers the completion (complete -p runh)" ||
	not_ok "sourcing it registers the completion (complete -p runh)"

complete_line runh st
has start && has state && [ ${#COMPREPLY[@]} = 2 ] &&
	ok "runh st<TAB>: start and state, nothing else" || not_ok "runh st<TAB>: start and state, nothing else"

complete_line runh ""
has create && has audit && has help && has spec && lacks Usage: &&
	ok "runh <TAB>: every command of runh --help, and help" || not_ok "runh <TAB>: every command of runh --help, and help"

complete_line runh --ro
has --root && ok "runh --ro<TAB>: --root" || not_ok "runh --ro<TAB>: --root"

complete_line runh --root /tmp de
has delete && ok "after a global option with its value: commands (de -> delete)" ||
	not_ok "after a global option with its value: commands (de -> delete)"

complete_line runh delete --f
has --force && ok "runh delete --f<TAB>: --force" || not_ok "runh delete --f<TAB>: --force"

complete_line runh audit --fail-on m
has medium && ok "runh audit --fail-on m<TAB>: medium" || not_ok "runh audit --fail-on m<TAB>: medium"

complete_line runh events --
has --stats && has --interval && ok "runh events --<TAB>: --stats, --interval" ||
	not_ok "runh events --<TAB>: --stats, --interval"

complete_line runh help up
has update && ok "runh help up<TAB>: update" || not_ok "runh help up<TAB>: update"

# Ids from `runh list -q` under the --root of the line (a fake runh: no containers
# need to exist, and none are made).
cat >"$bin/fakeruhn" <<'FAKE'
#!/bin/sh
[ "$1" = --root ] && [ "$2" = /my/root ] && [ "$3" = list ] && [ "$4" = -q ] && printf 'web1\nweb2\ndb\n'
FAKE
chmod +x "$bin/fakeruhn"
complete_line fakeruhn --root /my/root kill we
has web1 && has web2 && lacks db && ok "runh --root R kill we<TAB>: ids from runh --root R list -q" ||
	not_ok "runh --root R kill we<TAB>: ids from runh --root R list -q"
complete_line fakeruhn --root /my/root kill web1 K
has KILL && ok "runh kill ID K<TAB>: KILL" || not_ok "runh kill ID K<TAB>: KILL"

echo "1..$n"
echo "completion: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
