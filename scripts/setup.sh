#!/usr/bin/env bash
# Set up kbgen in ./.venv and build the sample help center into ./site.
# Needs only Python 3.11+; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"

.venv/bin/kbgen validate faq_source
.venv/bin/kbgen build --source faq_source --out site

cat <<DONE

Built. Open in a browser:
  buyers' site:   $(pwd)/site/public/index.html
  agent handbook: $(pwd)/site/handbook/index.html
Or preview with live reload:  .venv/bin/kbgen serve   (then http://127.0.0.1:8000/)
DONE
