#!/usr/bin/env bash
# The end-to-end tests read PDFs back with poppler (pdftotext, pdffonts,
# pdfinfo, pdftoppm) and check them with qpdf. Install them with apt-get when
# missing and running as root; otherwise say how.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null && command -v pdffonts >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
[[ ${#missing[@]} -eq 0 ]] && { echo "test tools: poppler-utils and qpdf present"; exit 0; }
if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test tools: installing ${missing[*]} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the tests need ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; macOS: brew install poppler qpdf)." >&2
exit 1
