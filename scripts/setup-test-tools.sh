#!/usr/bin/env bash
# The end-to-end tests read PDFs back with poppler (pdftotext, pdffonts,
# pdfinfo, pdftoppm) and check them with qpdf. Install them with apt-get when
# missing, as root or with passwordless sudo (CI runners); otherwise say how.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null && command -v pdffonts >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
[[ ${#missing[@]} -eq 0 ]] && { echo "test tools: poppler-utils and qpdf present"; exit 0; }
as_root=()
[[ "$(id -u)" == "0" ]] || { sudo -n true 2>/dev/null && as_root=(sudo -n); } || as_root=(none)
if [[ "${as_root[*]}" != "none" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test tools: installing ${missing[*]} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq >/dev/null && "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the tests need ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; macOS: brew install poppler qpdf)." >&2
exit 1
