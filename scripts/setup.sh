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

Built into $(pwd)/site:
  public/    the buyers' site      handbook/    the agent handbook (never publish it)
The handbook opens from disk: $(pwd)/site/handbook/index.html
The buyers' site needs a web server (its search and links do not work from file://). Either:
  .venv/bin/kbgen serve                                  -> http://127.0.0.1:8000/  (live reload)
  python3 -m http.server -d site/public 8000             -> http://127.0.0.1:8000/
DONE
