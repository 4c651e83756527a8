#!/bin/sh
# Regenerates the committed backups edge-orc-dist.c / edge-orc-dist.h from
# edge-orc.orc, with the same orcc options as the build (kernels/orc/
# meson.build). Run through meson: ninja -C BUILDDIR update-orc-dist
# Usage: update-orc-dist.sh ORCC SOURCE_DIR
set -eu
orcc="$1"
dir="$2"
cd "$dir"
"$orcc" --implementation --include orc/edge-orc-config.h \
  -o edge-orc-dist.c edge-orc.orc
"$orcc" --header --include orc/edge-orc-config.h \
  -o edge-orc-dist.h edge-orc.orc
echo "updated $dir/edge-orc-dist.c and $dir/edge-orc-dist.h"
