# shellcheck shell=bash
# Shared by scripts/run-app and scripts/run-tests; source it, don't run it.
#
#   quire_install_packages   installs the Debian 12 packages Quire needs,
#                            only those missing (apt-get update only then)
#   quire_build DIR [ARGS]   configures (Ninja) and builds the tree in DIR,
#                            with the app and ARGS (-DNAME=VALUE ...) set
#                            even when DIR was configured before

QUIRE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

QUIRE_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev libqt6sql6-sqlite libsqlite3-dev sqlite3 libexiv2-dev
  qt6-image-formats-plugins
  libheif-dev libheif-examples
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg
  libimage-exiftool-perl
  xvfb xauth
  clang libclang-rt-14-dev
)

quire_missing_packages() {
  local package status
  for package in "${QUIRE_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || echo "$package"
  done
}

quire_install_packages() {
  local missing
  mapfile -t missing < <(quire_missing_packages)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if ! command -v sudo >/dev/null; then
      echo "quire: missing packages (${missing[*]}) and no sudo to install them; run as root" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "quire: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

quire_build() {
  local dir="$1"
  shift
  # A unity build compiles each target's sources a few at a time: the Qt
  # headers and templates they share are compiled once per batch (the
  # plain build from scratch went from 11 to 9.5 minutes on two cores;
  # linking the many test programs is most of the rest).
  local configure=(cmake -S "$QUIRE_ROOT" -B "$dir" -DQUIRE_BUILD_APP=ON -DCMAKE_UNITY_BUILD=ON)
  # A build folder keeps the generator it was made with.
  [[ -f "$dir/CMakeCache.txt" ]] || configure+=(-G Ninja)
  "${configure[@]}" "$@"
  cmake --build "$dir" -j "${QUIRE_JOBS:-2}"
}
