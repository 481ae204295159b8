#!/bin/sh
# The first hour, walked by keyboard in a real window on a 1366x768 X server (see keyboard_walk.py).
# Needs xvfb-run, xdotool, xwd and ImageMagick's convert. Usage: tests/walks/keyboard_walk.sh [OUTDIR]
set -e
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
exec xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp" "$python" "$here/keyboard_walk.py" "$@"
