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
for root in unset private slave shared rslave rshared; do
	for bind in rprivate rslave rshared; do
		id=pg$RANDOM
		prop_probe "$id" "" "$root" "$bind" /data
		check "rootfsPropagation $root, bind $bind: host->container $h2c, container->host $c2h (runc: $(expect $root $bind))" [ "$h2c $c2h" = "$(expect $root $bind)" ]
		prop_done "$id"
		check "... nothing left" nothing_left "$id"
	done
done
