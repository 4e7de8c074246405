# Mount propagation between the host and a container, the whole matrix: rootfsPropagation
# (unset, private, slave, shared, rslave, rshared) x a bind's propagation (rprivate,
# rslave, rshared), both directions.  The source is a shared mount of the host's (as
# Kubernetes' HostToContainer / Bidirectional and `docker -v src:dst:rshared` need).
# Expected: what runc 1.1.5 does here (measured on this machine with the same script):
#   host -> container  whenever the bind is rslave or rshared;
#   container -> host  only for an rshared bind whose source stayed a peer in the
#                      container, i.e. unless "/" was made a slave recursively (unset = rslave).
expect() { # ROOT BIND -> "h2c c2h"
	local h=0 c=0
	[ "$2" != rprivate ] && h=1
	[ "$2" = rshared ] && [ "$1" != unset ] && [ "$1" != rslave ] && c=1
	echo "$h $c"
}
caps='.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
for root in unset private slave shared rslave rshared; do
	for bind in rprivate rslave rshared; do
		id=pg$RANDOM
		src="$IT_WORK/prop-$id"
		mkdir -p "$src/h" "$src/c"
		mount --bind "$src" "$src" && mount --make-shared "$src"
		rp=""
		[ $root != unset ] && rp=" | .linux.rootfsPropagation = \"$root\""
		dir=$(bundle "$id" "$caps | .mounts += [{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"$src\",\"options\":[\"rbind\",\"$bind\"]}]$rp" sleep 300)
		runh run -d --bundle "$dir" "$id"
		[ "$status" = 0 ] || diag "run: $errout"
		runh exec "$id" mount -t tmpfs from-container /data/c
		c2h=0
		mountpoint -q "$src/c" && c2h=1
		mount -t tmpfs from-host "$src/h"
		runh exec "$id" grep -q " /data/h " /proc/mounts
		h2c=0
		[ "$status" = 0 ] && h2c=1
		check "rootfsPropagation $root, bind $bind: host->container $h2c, container->host $c2h (runc: $(expect $root $bind))" [ "$h2c $c2h" = "$(expect $root $bind)" ]
		runh delete --force "$id"
		umount -l "$src/h" "$src/c" 2>/dev/null
		umount -l "$src" 2>/dev/null
		check "... nothing left" nothing_left "$id"
	done
done
