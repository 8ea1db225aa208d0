#!/usr/bin/env bash
# The end-to-end tests read PDFs back with poppler (pdftotext, pdffonts,
# pdfinfo, pdftoppm), check them with qpdf, and validate HTML with the W3C Nu
# checker (vnu-jar from npm, a devDependency), which needs Java. Install the
# Debian packages with apt-get when missing, as root or with passwordless
# sudo (CI runners); otherwise say how.
set -euo pipefail
missing=()
command -v pdftotext >/dev/null && command -v pdffonts >/dev/null && command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
command -v java >/dev/null || missing+=(default-jre-headless)
[[ ${#missing[@]} -eq 0 ]] && { echo "test tools: poppler-utils, qpdf and Java present"; exit 0; }
as_root=()
[[ "$(id -u)" == "0" ]] || { sudo -n true 2>/dev/null && as_root=(sudo -n); } || as_root=(none)
if [[ "${as_root[*]}" != "none" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test tools: installing ${missing[*]} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq >/dev/null && "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the tests need ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; macOS: brew install poppler qpdf openjdk)." >&2
exit 1
