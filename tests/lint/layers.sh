#!/bin/bash
# The layering rules of ../../README.md's layout, checked on the built objects:
#   - each library header is included by its one module only (yajl in spec/, libseccomp in
#     seccomp.c, libcap in caps.c, libmnl in net.c);
#   - no two object files of one library call into each other in a loop (tsort finds it).
# usage: layers.sh BUILD_DIR     (prints one line; exits 1 on a violation)
set -u
build=${1:?usage: layers.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
bad=0

only_in() { # HEADER-REGEX ALLOWED-FILES-REGEX
	local hits
	hits=$(grep -lE "#include <($1)" spec/*.[ch] libcontainer/*.[ch] runtime/*.[ch] |
		grep -vE "$2")
	if [ -n "$hits" ]; then
		echo "layers: <$1> included outside its module: $hits"
		bad=1
	fi
}
only_in 'yajl/' '^spec/'
only_in 'seccomp\.h>' '^libcontainer/seccomp\.c$'
only_in 'sys/capability\.h>' '^libcontainer/caps\.c$'
only_in 'libmnl/' '^libcontainer/net\.c$'

# Call loops between files: an edge "user definer" for every symbol one object uses from
# another of the same library.
for lib in libcontainer spec runtime; do
	objs=("$build/$lib"/*.o)
	[ -e "${objs[0]}" ] || continue
	edges=$(for o in "${objs[@]}"; do
		nm --defined-only "$o" | awk -v f="$(basename "$o" .o)" '$2 ~ /[TDBR]/ {print $3, f}'
	done | sort -k1,1 >"$build/.defs.$lib"
	for o in "${objs[@]}"; do
		nm --undefined-only "$o" | awk -v f="$(basename "$o" .o)" '{print $2, f}'
	done | sort -k1,1 | join - "$build/.defs.$lib" | awk '$2 != $3 {print $2, $3}' | sort -u)
	rm -f "$build/.defs.$lib"
	if ! out=$(tsort <<<"$edges" 2>&1 >/dev/null) || [ -n "$out" ]; then
		echo "layers: $lib: files call each other in a loop: $(tr '\n' ' ' <<<"$out")"
		bad=1
	fi
done
[ $bad = 0 ] && echo "layers: ok (library headers in their modules, no call loops between files)"
exit $bad
