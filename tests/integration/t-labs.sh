# The labs of examples/labs/: every README's ```console blocks are run as written, in one
# shell per lab (in the lab's directory, `runh` being the runh under test with this
# test's state root), and each command's output (stdout and stderr) is compared with the
# lines that follow it in the README.  An expected line may use … for "any text".
# A lab that needs something this host lacks says so in a comment
#   <!-- lab-requires: SHELL-CONDITION | reason -->
# and is skipped with that reason.  LABS="03-pid 07-user" runs only those.

labs_src="$IT_DIR/../../examples/labs"
labs_work="$IT_WORK/labs-work"
rm -rf "$labs_work"
mkdir -p "$labs_work"
cp -r "$labs_src" "$labs_work/labs"
ln -s "$ROOTFS" "$labs_work/rootfs" # the labs' root.path is ../../rootfs
chmod -R go+rX "$labs_work"

# If a lab stops half-way: its containers go (cleanup_all), then the mounts it made
# under its directory, then the labs' parent cgroup when empty.
labs_cleanup() {
	cleanup_all
	local m
	for m in $(awk -v w="$labs_work" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
		umount -l "$m" 2>/dev/null
	done
	for m in /sys/fs/cgroup/*/runh-lab /sys/fs/cgroup/runh-lab; do
		[ -d "$m" ] && rmdir "$m" 2>/dev/null
	done
}
trap labs_cleanup EXIT

# The expected output of every command of a README, and the script that runs them:
# "@@cmd N@@" lines separate the commands' outputs.
lab_script() { # README SCRIPT EXPECTED-DIR
	awk -v script="$2" -v edir="$3" '
		/^```console$/ { inblock = 1; next }
		/^```$/ { inblock = 0; next }
		!inblock { next }
		/^\$ / {
			n++
			cmd = substr($0, 3)
			printf "{ %s\n} </dev/null 2>&1; echo \"@@cmd %d@@\"\n", cmd, n >> script
			printf "%s\n", cmd > (edir "/" n ".cmd")
			printf "" > (edir "/" n ".out")
			next
		}
		{ print >> (edir "/" n ".out") }
	' "$1"
}

# line_matches EXPECTED ACTUAL: equal, with … in EXPECTED matching any text.
line_matches() {
	local pat=$1 got=$2 glob="" part rest
	[[ "$pat" == *…* ]] || { [ "$pat" = "$got" ]; return; }
	rest=$pat
	while [[ "$rest" == *…* ]]; do
		part=${rest%%…*}
		glob+=$(printf '%q' "$part")'*'
		rest=${rest#*…}
	done
	[ -n "$rest" ] && glob+=$(printf '%q' "$rest")
	eval "[[ \$got == $glob ]]"
}

outputs_match() { # EXPECTED-FILE ACTUAL-FILE
	local -a e a
	local i
	mapfile -t e <"$1"
	mapfile -t a <"$2"
	[ "${#e[@]}" = "${#a[@]}" ] || return 1
	for i in "${!e[@]}"; do
		line_matches "${e[$i]}" "${a[$i]}" || return 1
	done
}

run_lab() { # DIR
	local dir=$1 name req cond reason exp script log n i
	name=$(basename "$dir")
	req=$(sed -n 's/^<!-- lab-requires: \(.*\) -->$/\1/p' "$dir/README.md")
	if [ -n "$req" ]; then
		cond=${req%% | *} reason=${req#* | }
		if ! bash -c "$cond" >/dev/null 2>&1; then
			skip "lab $name: $reason"
			return
		fi
	fi
	exp="$IT_WORK/lab-$name.expected"
	script="$IT_WORK/lab-$name.sh"
	log="$IT_WORK/lab-$name.log"
	rm -rf "$exp" && mkdir -p "$exp"
	printf 'runh() { "%s" --root "%s" "$@"; }\ncd "%s" || exit 1\n' "$RUNH" "$ROOT" "$dir" >"$script"
	lab_script "$dir/README.md" "$script" "$exp"
	RUNH_IT_TAG="RUNH_IT=$TAG" timeout 120 bash "$script" >"$log" 2>&1
	n=$(ls "$exp" | grep -c '\.cmd$')
	[ "$n" -gt 0 ] || { not_ok "lab $name: no commands in its README"; return; }
	for i in $(seq 1 "$n"); do
		awk -v i="$i" '
			$0 == "@@cmd " i "@@" { exit }
			$0 ~ /^@@cmd [0-9]+@@$/ { last = $0; buf = ""; next }
			{ buf = buf $0 "\n" }
			END { printf "%s", buf }' "$log" >"$exp/$i.got"
		if outputs_match "$exp/$i.out" "$exp/$i.got"; then
			ok "lab $name: \$ $(cat "$exp/$i.cmd")"
		else
			not_ok "lab $name: \$ $(cat "$exp/$i.cmd")"
			diag "expected:"$'\n'"$(cat "$exp/$i.out")"
			diag "got:"$'\n'"$(cat "$exp/$i.got")"
		fi
	done
	# Labs clean up after themselves: no container, no cgroup of theirs left.
	local left
	left=$("$RUNH" --root "$ROOT" list -q 2>/dev/null)
	check "lab $name: no container left" [ -z "$left" ]
	check "lab $name: no mount left under the lab" bash -c "! grep -q ' $labs_work' /proc/self/mountinfo"
	check "lab $name: no cgroup left under /runh-lab" \
		bash -c '[ -z "$(find /sys/fs/cgroup/ -mindepth 2 -maxdepth 3 -type d -path "*/runh-lab/*")" ]'
}

for d in "$labs_work"/labs/[0-9]*/; do
	d=${d%/}
	if [ -n "${LABS:-}" ] && ! grep -qw "$(basename "$d")" <<<"$LABS"; then
		continue
	fi
	run_lab "$d"
done
true
