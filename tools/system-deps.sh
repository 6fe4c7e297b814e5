#!/usr/bin/env bash
# Install the system packages chainrule needs, when they are missing.
# As root: installs them with apt. Otherwise: prints the one line to run.
# Graphviz is optional: without its `dot`, chainrule draws with its pure-pip renderer
# (Graphviz in WebAssembly, from the `viz` extra), so a missing Graphviz never stops the build.
set -euo pipefail
need=()
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # the deck tests rasterise a PDF page
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
optional=()
command -v dot >/dev/null 2>&1 || optional+=(graphviz)
[ ${#need[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]} ${optional[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" "${optional[@]}" >/dev/null
  exit 0
fi
if [ ${#optional[@]} -gt 0 ]; then
  echo "note: Graphviz's dot is not installed, so pictures use the pure-pip renderer;" \
       "for the system one: sudo apt-get install graphviz / brew install graphviz / conda install graphviz" >&2
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "missing system packages; run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
