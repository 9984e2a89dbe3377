#!/bin/sh
# Adds eplatnik to the desktop menu of the current user (no root needed). Run it from the unpacked bundle:
#   ./install-desktop-entry.sh            install (menu entry, icons, AppStream metadata)
#   ./install-desktop-entry.sh --remove   remove them again (the bundle folder itself is left alone)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
ID=io.github.eplatnik
if [ "${1:-}" = "--remove" ]; then
  rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml"
  for size in 48 128 256; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"; done
  echo "eplatnik removed from the menu."
  exit 0
fi
mkdir -p "$DATA/applications" "$DATA/metainfo"
for size in 48 128 256; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$HERE/share/icons/hicolor/${size}x${size}/apps/$ID.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done
# Exec and TryExec point at this bundle (quoted, so folders with spaces work)
sed -e "s|^Exec=eplatnik|Exec=\"$HERE/eplatnik\"|" -e "s|^TryExec=eplatnik|TryExec=$HERE/eplatnik|" \
  "$HERE/share/applications/$ID.desktop" > "$DATA/applications/$ID.desktop"
cp "$HERE/share/metainfo/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$DATA/icons/hicolor" 2>/dev/null || true
echo "eplatnik added to the menu (Office). Command line: $HERE/eplatnik-cli --help"
