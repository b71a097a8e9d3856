#!/usr/bin/env bash
# `cmake --install` into a scratch prefix puts the application where a desktop
# finds it: the binary, a valid desktop entry, AppStream metainfo, the MIME
# type, the icons, the man page and the copyright; the installed binary runs.
#   check_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
id=io.github.asyncscope.asyncscope
for f in bin/asyncscope share/applications/$id.desktop share/metainfo/$id.metainfo.xml \
         share/mime/packages/asyncscope.xml share/icons/hicolor/scalable/apps/$id.svg \
         share/man/man1/asyncscope.1.gz share/doc/asyncscope/copyright; do
  [[ -s "$prefix/$f" ]] || { echo "not installed: $f"; exit 1; }
done
for size in 16 32 48 64 128 256 512; do
  png="$prefix/share/icons/hicolor/${size}x${size}/apps/$id.png"
  [[ -s "$png" ]] || { echo "not installed: $png"; exit 1; }
  # PNG header: width and height are big-endian at bytes 16..23.
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4, $7*256+$8}')
  [[ "$w" == "$size" && "$h" == "$size" ]] || { echo "$png is ${w}x${h}, not ${size}x${size}"; exit 1; }
done
if command -v desktop-file-validate > /dev/null; then
  desktop-file-validate "$prefix/share/applications/$id.desktop"
fi
if command -v appstreamcli > /dev/null; then
  appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml"
fi
grep -q '<glob pattern="\*.asyncscope.json"' "$prefix/share/mime/packages/asyncscope.xml"
grep -q '^MimeType=application/x-asyncscope-scenario;$' "$prefix/share/applications/$id.desktop"
out=$("$prefix/bin/asyncscope" run example:profile --format json)
[[ "$out" == *'"settled_ms": 800'* && "$out" == *'"settled_ms": 200'* ]] || { echo "installed binary: $out"; exit 1; }
echo "install ok: $(cd "$prefix" && find . -type f | wc -l) files"
