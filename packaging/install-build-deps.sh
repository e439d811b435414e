#!/usr/bin/env bash
# Installs the Debian (bookworm) packages agentmon needs to build and test, when any is missing.
# Uses sudo when not run as root. Nothing is installed when everything is already there.
set -euo pipefail

packages=(
    cmake ninja-build g++ make pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite libgl1-mesa-dev
    procps bash fonts-dejavu-core
    dpkg-dev file # make package: dpkg-shlibdeps (and the file(1) it runs) work out the .deb's Depends
    libfaketime # tests/fault: moves one daemon's wall clock (CLOCK_REALTIME only) while a grace period runs
)

# make fuzz (--fuzz) also needs clang, whose libFuzzer and sanitizer runtimes come in libclang-rt-14-dev.
if [[ ${1:-} == --fuzz ]]; then
    packages+=(clang clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
((${#missing[@]})) || exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
