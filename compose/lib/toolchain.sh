# The Swift toolchain is the one prerequisite the scripts cannot install: Debian has no
# package for it. Find it where the official tarball unpacks, or say what is missing.
require_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    for d in /opt/swift/usr/bin /usr/share/swift/usr/bin "$HOME/.swiftly/bin"; do
      [ -x "$d/swift" ] && export PATH="$PATH:$d" && break
    done
  fi
  command -v swift >/dev/null 2>&1 || {
    echo "Swift 6 is required and was not found on PATH (nor in /opt/swift/usr/bin)." >&2
    echo "Install a Swift 6.x toolchain for Debian 12 and put its usr/bin on PATH." >&2
    exit 1
  }
}
