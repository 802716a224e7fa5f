#!/usr/bin/env bash
# Fetches the sample images of qemu's test suite (tests/qemu-iotests/sample_images: disks made by Hyper-V, Disk2VHD,
# VMware and Virtual PC, and fuzzed images that must be rejected) from Debian's qemu source package, and unpacks them
# into a cache folder that QemuSampleImagesTest reads. The images are never committed: they are qemu's (GPL-2.0), and
# Ferry's repository holds no images.
#
# Usage: fetch-qemu-samples.sh [CACHE_FOLDER]
#   CACHE_FOLDER defaults to $FERRY_QEMU_SAMPLES, then to ~/.cache/ferry/qemu-samples (what the tests read by default).
#   DEBIAN_MIRROR names a Debian mirror to try first (then those apt is configured with, then deb.debian.org).
# Downloads about 23 MB once; later runs find the unpacked images and do nothing.
set -euo pipefail

# Debian 12's qemu (1:7.2+dfsg-7+deb12u*) builds from this upstream tarball; its checksum is in the package's .dsc.
readonly TARBALL=qemu_7.2+dfsg.orig.tar.xz
readonly TARBALL_SHA256=91aca71520040edc40b8d437aa3004dae614f58e286cf653ee8996c07af2962f
readonly SAMPLES_IN_TARBALL='qemu-7.2.0/tests/qemu-iotests/sample_images'

cache=${1:-${FERRY_QEMU_SAMPLES:-$HOME/.cache/ferry/qemu-samples}}
if [[ -f "$cache/.complete" && $(cat "$cache/.complete") == "$TARBALL_SHA256" ]]; then
  exit 0
fi

# Debian mirrors to try in turn: $DEBIAN_MIRROR, the ones apt is configured with, then deb.debian.org.
mirrors() {
  [[ -z ${DEBIAN_MIRROR:-} ]] || echo "$DEBIAN_MIRROR"
  {
    grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{for (i = 2; i <= NF; i++) print $i}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -i debian | grep -v -i security || true
  echo "http://deb.debian.org/debian"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetched=""
for mirror in $(mirrors | awk '!seen[$0]++'); do
  url="${mirror%/}/pool/main/q/qemu/$TARBALL"
  echo "fetch-qemu-samples: downloading $url" >&2
  if curl --fail --silent --show-error --location --retry 3 --output "$work/$TARBALL" "$url" \
    && echo "$TARBALL_SHA256  $work/$TARBALL" | sha256sum --check --quiet; then
    fetched=yes
    break
  fi
done
if [[ -z $fetched ]]; then
  echo "fetch-qemu-samples: could not download $TARBALL with SHA-256 $TARBALL_SHA256 from any Debian mirror" >&2
  exit 1
fi

tar -xJf "$work/$TARBALL" -C "$work" "$SAMPLES_IN_TARBALL"
mkdir -p "$cache"
rm -f "$cache/.complete"
for compressed in "$work/$SAMPLES_IN_TARBALL"/*.bz2; do
  name=$(basename "$compressed" .bz2)
  # Most of these disks are mostly zeros: keep them sparse.
  bzip2 -dc "$compressed" | dd of="$cache/$name.tmp" bs=64k iflag=fullblock conv=sparse status=none
  mv "$cache/$name.tmp" "$cache/$name"
done
cp "$work/$SAMPLES_IN_TARBALL/README" "$cache/README"
echo "$TARBALL_SHA256" >"$cache/.complete"
echo "fetch-qemu-samples: $(ls "$cache" | wc -l) files in $cache" >&2
