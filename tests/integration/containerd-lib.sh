# Helpers for the tests that drive containerd (sourced by t-cri.sh and t-containerd.sh; no t- prefix, so
# run.sh does not run it as a test file).

# _oci_blob LAYOUT FILE: FILE's digest and size in $dg and $sz (the caller's locals), the
# file moved into LAYOUT's blobs.
_oci_blob() {
	dg=$(sha256sum <"$2" | cut -d' ' -f1) sz=$(stat -c %s "$2")
	mv "$2" "$1/blobs/sha256/$dg"
}

# oci_image_tar DIR NAME OUT CMD-JSON: DIR's tree as one gzip layer of an OCI image layout
# (oci-layout, index.json, the manifest, the config and the layer as blobs), in a tar.
oci_image_tar() {
	local dir=$1 name=$2 out=$3 cmd=$4 t diffid ld lsz cd_ csz md msz dg sz
	t=$(mktemp -d "$(dirname "$out")/img.XXXXXX")
	mkdir -p "$t/blobs/sha256"
	tar --numeric-owner -C "$dir" -cf "$t/layer" .
	diffid=$(sha256sum <"$t/layer" | cut -d' ' -f1)
	gzip -n "$t/layer"
	_oci_blob "$t" "$t/layer.gz"
	ld=$dg lsz=$sz
	printf '{"architecture":"amd64","os":"linux","config":{"Cmd":%s,"Env":["PATH=/bin:/sbin:/usr/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$cmd" "$diffid" >"$t/config"
	_oci_blob "$t" "$t/config"
	cd_=$dg csz=$sz
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
		"$cd_" "$csz" "$ld" "$lsz" >"$t/manifest"
	_oci_blob "$t" "$t/manifest"
	md=$dg msz=$sz
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
		"$md" "$msz" "$name" "${name##*:}" >"$t/index.json"
	echo '{"imageLayoutVersion":"1.0.0"}' >"$t/oci-layout"
	tar -C "$t" -cf "$out" oci-layout index.json blobs
	rm -rf "$t"
}
