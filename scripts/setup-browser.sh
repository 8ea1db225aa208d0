#!/usr/bin/env bash
# Make sure a Chrome/Chromium exists for puppeteer, looking in this order:
#   1. PUPPETEER_EXECUTABLE_PATH
#   2. a system Chrome or Chromium
#   3. puppeteer's cache, else `npx puppeteer browsers install chrome`
#   4. Debian/Ubuntu `apt-get install -y chromium`, as root or with passwordless sudo
#   5. otherwise, a clear message saying how to get one.
# Prints the browser it settled on. Exits non-zero only when none can be had.
#
# BRIEF_BROWSER=pinned (CI sets it in every job that builds) skips 1 and 2: the
# browser is the Chrome that the installed puppeteer version pins, from
# puppeteer's cache (PUPPETEER_CACHE_DIR, default ~/.cache/puppeteer), else
# `npx puppeteer browsers install chrome`; it never falls back to another one.
# On GitHub Actions it also exports PUPPETEER_EXECUTABLE_PATH (through
# GITHUB_ENV), so the job's later steps (brief, `make runtime`) use that one.
set -euo pipefail

found() { ci_sandbox; echo "browser: $1 ($2)"; exit 0; }

# GitHub's Ubuntu 24.04 runners restrict unprivileged user namespaces (AppArmor), which
# Chromium's sandbox needs. Lift the restriction there only: never on someone's machine.
ci_sandbox() {
  local knob=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
  if [[ "${GITHUB_ACTIONS:-}" == "true" && -r $knob && "$(cat $knob)" == "1" ]] && sudo -n true 2>/dev/null; then
    echo 0 | sudo -n tee $knob >/dev/null && echo "browser: allowed user namespaces for Chromium's sandbox (GitHub runner)"
  fi
  return 0
}

puppeteer_path() { node -e 'import("puppeteer").then(m=>{try{process.stdout.write(m.default.executablePath())}catch{}})' 2>/dev/null || true; }

if [[ "${BRIEF_BROWSER:-}" == "pinned" ]]; then
  version=$(node -p 'require("puppeteer/package.json").version' 2>/dev/null || echo "?")
  pinned() {
    [[ -n "${GITHUB_ENV:-}" ]] && echo "PUPPETEER_EXECUTABLE_PATH=$1" >>"$GITHUB_ENV"
    found "$1" "$2 by puppeteer $version"
  }
  cached=$(puppeteer_path)
  [[ -n "$cached" && -x "$cached" ]] && pinned "$cached" "pinned"
  echo "browser: BRIEF_BROWSER=pinned; installing the Chrome puppeteer $version pins..."
  if timeout 600 npx --no-install puppeteer browsers install chrome; then
    cached=$(puppeteer_path)
    [[ -n "$cached" && -x "$cached" ]] && pinned "$cached" "pinned, downloaded"
  fi
  echo "error: BRIEF_BROWSER=pinned, but the Chrome puppeteer $version pins could not be installed." >&2
  echo "hint: check the download above (it needs access to storage.googleapis.com), or unset BRIEF_BROWSER to use a system browser." >&2
  exit 1
fi

if [[ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ]]; then
  [[ -x "$PUPPETEER_EXECUTABLE_PATH" ]] && found "$PUPPETEER_EXECUTABLE_PATH" "PUPPETEER_EXECUTABLE_PATH"
  echo "error: PUPPETEER_EXECUTABLE_PATH=$PUPPETEER_EXECUTABLE_PATH is not an executable file." >&2
  echo "hint: point it at a Chrome/Chromium binary, or unset it to let set-up find or install one." >&2
  exit 1
fi

for name in chromium chromium-browser google-chrome-stable google-chrome; do
  if p=$(command -v "$name" 2>/dev/null); then found "$p" "system"; fi
done

cached=$(puppeteer_path)
[[ -n "$cached" && -x "$cached" ]] && found "$cached" "puppeteer cache"

echo "browser: none found; trying 'npx puppeteer browsers install chrome'..."
if timeout 300 npx --no-install puppeteer browsers install chrome >/tmp/brief-browser-install.log 2>&1; then
  cached=$(puppeteer_path)
  [[ -n "$cached" && -x "$cached" ]] && found "$cached" "downloaded by puppeteer"
fi
echo "browser: puppeteer's download is not available here (see /tmp/brief-browser-install.log)."

as_root=()
[[ "$(id -u)" == "0" ]] || { sudo -n true 2>/dev/null && as_root=(sudo -n); } || as_root=(none)
if [[ "${as_root[*]}" != "none" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq >/dev/null && "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
  p=$(command -v chromium) && found "$p" "apt-get"
fi

cat >&2 <<'MSG'
error: no Chrome or Chromium could be found or installed.
hint: install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome),
      or set PUPPETEER_EXECUTABLE_PATH to an existing Chrome/Chromium binary, then run `npx brief setup` (here: `make`) again.
MSG
exit 1
