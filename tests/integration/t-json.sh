# Hostile JSON at every entry point (issue 10 item 3): a comment `// "` once hid 400,000
# levels of nesting from the depth guard while yajl skipped it, and freeing the tree
# overflowed the stack (SIGSEGV). Now comments are refused, as runc does, with the file,
# line and column; nothing crashes and nothing is left behind.

jdir="$IT_WORK/json"
mkdir -p "$jdir"

# hostile SRC DST: SRC (a JSON object) with `// "`, a newline and 400,000-deep nesting
# inserted right after its opening brace.
hostile() {
	local n=400000
	{
		printf '{ // "\n"x": '
		head -c $n /dev/zero | tr '\0' '['
		head -c $n /dev/zero | tr '\0' ']'
		printf ',\n'
		tail -c +2 "$1"
	} >"$2"
}

# clean_fail DESC WANT-STATUS MESSAGE: exited WANT-STATUS (no signal) with MESSAGE on stderr.
clean_fail() {
	if [ "$status" = "$2" ] && grep -qF -- "$3" <<<"$errout"; then ok "$1"; else
		not_ok "$1"
		diag "status=$status stderr: $errout"
	fi
}

id=json$RANDOM
dir=$(bundle "$id" '.' true)
cp "$dir/config.json" "$jdir/good.json"
hostile "$jdir/good.json" "$dir/config.json"
runh audit --config "$dir/config.json"
clean_fail "audit --config: a comment hiding deep nesting is refused (exit 2)" 2 \
	"config.json:1:3: invalid JSON: comments are not allowed"
runh audit --bundle "$dir"
clean_fail "audit --bundle: the same" 2 "config.json:1:3: invalid JSON: comments are not allowed"
runh create --bundle "$dir" "$id"
clean_fail "create: refused with the file, line and column" 1 \
	"config.json:1:3: invalid JSON: comments are not allowed"
check "create: nothing left behind" nothing_left "$id"
runh run --bundle "$dir" "$id"
clean_fail "run: the same" 1 "config.json:1:3: invalid JSON: comments are not allowed"
check "run: nothing left behind" nothing_left "$id"

# Deep nesting without a comment, with brackets and escaped quotes in strings before it:
# the limit is counted by the parser itself.
jq '.annotations = {"a\\": "]]}}\"[[", "b": "\\\"["}' "$jdir/good.json" >"$jdir/esc.json"
{
	head -c -2 "$jdir/esc.json"
	printf ',\n"x": '
	head -c 65 /dev/zero | tr '\0' '['
	head -c 65 /dev/zero | tr '\0' ']'
	printf '}\n'
} >"$dir/config.json"
runh create --bundle "$dir" "$id"
clean_fail "create: 66 levels refused whatever the strings before hold" 1 \
	"invalid JSON: nested deeper than 64 levels"
check "... nothing left behind" nothing_left "$id"

# A syntax error names line and column.
printf '{\n  "ociVersion": "1.0.2",\n  "process": {"args": ["true"] "cwd": "/"}\n}\n' >"$dir/config.json"
runh create --bundle "$dir" "$id"
clean_fail "a syntax error names config.json:LINE:COL" 1 "config.json:3:34: invalid JSON: parse error"
check "... nothing left behind" nothing_left "$id"

# The other entry points, on a live container: exec --process, update --resources, the
# stored config copy (read by exec) and state.json (read by state).
jq '.process.args = ["sleep", "100"]' "$jdir/good.json" >"$dir/config.json"
runh create --bundle "$dir" "$id"
check "a container to exec into" [ "$status" = 0 ]

printf '{"args": ["true"], "cwd": "/"}\n' >"$jdir/proc-good.json"
hostile "$jdir/proc-good.json" "$jdir/proc.json"
runh exec --process "$jdir/proc.json" "$id"
clean_fail "exec --process: refused cleanly" 255 "proc.json:1:3: invalid JSON: comments are not allowed"

printf '{"pids": {"limit": 100}}\n' >"$jdir/res-good.json"
hostile "$jdir/res-good.json" "$jdir/res.json"
runh update --resources "$jdir/res.json" "$id"
clean_fail "update --resources: refused cleanly" 1 "res.json:1:3: invalid JSON: comments are not allowed"

cp "$ROOT/$id/config.json" "$jdir/stored.json"
hostile "$jdir/stored.json" "$ROOT/$id/config.json"
runh exec "$id" true
clean_fail "exec: a hostile stored config copy is refused cleanly" 255 \
	"config.json:1:3: invalid JSON: comments are not allowed"
cp "$jdir/stored.json" "$ROOT/$id/config.json"

cp "$ROOT/$id/state.json" "$jdir/state-good.json"
hostile "$jdir/state-good.json" "$ROOT/$id/state.json"
runh state "$id"
clean_fail "state: a hostile state.json is refused cleanly" 1 \
	"state.json:1:3: invalid JSON: comments are not allowed"
cp "$jdir/state-good.json" "$ROOT/$id/state.json"

runh state "$id"
check "the container is untouched" jqt '.status == "created"'
runh delete --force "$id"
check "delete --force: nothing left behind" nothing_left "$id"
