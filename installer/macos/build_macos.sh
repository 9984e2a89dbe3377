#!/usr/bin/env bash
# Build eplatnik.app and a .dmg on macOS (11 or newer), from the repository root:
#
#   installer/macos/build_macos.sh
#
# Needs: Python 3.11+ (python.org installer or Homebrew), Xcode command line tools (hdiutil, codesign).
# Output: dist/eplatnik.app and dist/eplatnik-<version>-macos-<arch>.dmg. The .app holds both programs:
# eplatnik.app/Contents/MacOS/eplatnik (GUI) and eplatnik.app/Contents/MacOS/eplatnik-cli.
#
# Signing and notarisation (optional; without them Gatekeeper asks the user to right-click → Open):
#   CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)"   sign with the hardened runtime
#   NOTARY_PROFILE=eplatnik-notary      a profile stored once with
#                                       xcrun notarytool store-credentials eplatnik-notary --apple-id … --team-id …
# A build is per architecture (arm64 on Apple silicon, x86_64 on Intel): build on each, or use a
# universal2 Python and PyInstaller's target_arch (not tested).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VENV=build/macos-venv

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ needed")'
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet '.[dist]'
VERSION=$("$VENV/bin/python" installer/version_info.py)
ARCH=$(uname -m)

# icons from the SVG (eplatnik.icns among them), rendered by Qt
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" installer/render_icons.py build/icons
EPLATNIK_ICON_DIR=$PWD/build/icons EPLATNIK_BUILD_DIR=$PWD/build \
  "$VENV/bin/python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
  installer/eplatnik.spec
APP=dist/eplatnik.app
[ -x "$APP/Contents/MacOS/eplatnik" ] || { echo "PyInstaller did not produce $APP" >&2; exit 1; }

# smoke test: the frozen programs start outside the source tree on a temporary workspace
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
( cd "$SMOKE"
  "$OLDPWD/$APP/Contents/MacOS/eplatnik-cli" --version | grep -q "eplatnik $VERSION"
  "$OLDPWD/$APP/Contents/MacOS/eplatnik-cli" --basedir "$SMOKE/ws" demo
  QT_QPA_PLATFORM=offscreen "$OLDPWD/$APP/Contents/MacOS/eplatnik" --basedir "$SMOKE/ws" --no-err-windows \
    --startup-probe | grep -q EPLATNIK_SHOWN )
echo "smoke test passed"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

DMG=dist/eplatnik-$VERSION-macos-$ARCH.dmg
STAGE=build/dmg
rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "eplatnik $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
  fi
fi
echo "built $DMG"
