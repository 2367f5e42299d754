#!/usr/bin/env bash
# Install the Debian packages the game and its tests need, when missing:
# Godot 3 (editor/debug, headless server, release runner), Xvfb + Mesa for screenshots,
# coturn (a TURN server on 127.0.0.1 for the relay test of netcode), Chromium (the instructor
# panel's browser tests, driven by Playwright).
# Needs root (or sudo). Does nothing when everything is there already.
set -euo pipefail
packages=(godot3 godot3-server godot3-runner xvfb xauth x11-apps libgl1-mesa-dri coturn chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
