#!/usr/bin/env bash
# Regenerates the README's pictures in docs/ from the frames the wizard's
# golden tests capture (ui/golden_test.go, TestScreenshots), rendered in
# colour with charmbracelet/freeze. Needs rsvg-convert and a monospace font
# (Debian: librsvg2-bin, fonts-dejavu-core).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
frames=$(mktemp -d)
trap 'rm -rf "$frames"' EXIT
HALOWIZ_SCREENSHOTS="$frames" go test ./ui/ -run '^TestScreenshots$' -count=1
for f in "$frames"/*.ansi; do
  name=$(basename "$f" .ansi)
  case "$name" in
    welcome) out=welcome ;;
    mapping-mandatory-fields) out=failing-step ;;
    organizations) out=mapping-table ;;
    summary-large) out=summary ;;
    *) out=$name ;;
  esac
  go run github.com/charmbracelet/freeze@v0.2.2 --language ansi --window --padding 20,40 \
    --font.family "DejaVu Sans Mono" --font.size 14 --output "$frames/$out.svg" < "$f" >/dev/null
  rsvg-convert --zoom 1.5 "$frames/$out.svg" -o "docs/$out.png"
  echo "docs/$out.png"
done
