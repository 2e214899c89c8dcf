# Shared by the scripts in this folder: paths and environment, sourced, never run.
# GENLAB_CACHE holds everything installed outside the clone (Debian source packages, the SDL2
# builds), so a fresh clone on the same machine reuses it. Default: ~/.cache/genlab.
set -euo pipefail

GENLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GENLAB_CACHE="${GENLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genlab}"
export GENLAB_ROOT GENLAB_CACHE
# Debian's emscripten finds its JavaScript dependencies (acorn) only through NODE_PATH.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

# In this project's workplace MNIST sits in ../shared/data beside the checkout: the scripts use it
# unless GENLAB_DATA says otherwise (genlab itself defaults to ~/.cache/genlab/data).
if [ -z "${GENLAB_DATA:-}" ] && [ -d "$GENLAB_ROOT/../shared/data/mnist" ]; then
  GENLAB_DATA="$(cd "$GENLAB_ROOT/../shared/data" && pwd)"
  export GENLAB_DATA
fi

log() { printf '[genlab] %s\n' "$*" >&2; }
die() { printf '[genlab] error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch, for the timings the scripts print.
now() { date +%s; }
