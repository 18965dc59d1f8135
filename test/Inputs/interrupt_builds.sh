#!/bin/sh
# usage: interrupt_builds.sh S2SC SPEC OUT SIGNAL DELAY...
#
# For each DELAY (seconds): OUT exists and is empty, `s2sc SPEC -o OUT` gets
# SIGNAL after DELAY; afterwards OUT must hold nothing (interrupted) or
# exactly the complete library (the build had finished): never a scratch
# directory or a part of the results. Prints one line per run.
s2sc="$1" spec="$2" out="$3" sig="$4"
shift 4
name=$(sed -n 's/^name: *//p' "$spec")
for delay in "$@"; do
  rm -rf "$out" && mkdir -p "$out" || exit 2
  timeout -s "$sig" "$delay" "$s2sc" "$spec" -o "$out" > /dev/null 2>&1
  rc=$?
  entries=$(ls -A "$out" | tr '\n' ' ')
  case "$rc:$entries" in
    124:) echo "$sig after $delay s: interrupted, nothing left" ;;
    0:"lib$name.a $name.h "|124:"lib$name.a $name.h ")
      echo "$sig after $delay s: complete (exit $rc)" ;;
    *) echo "FAIL: $sig after $delay s: exit $rc, left: $entries"; exit 1 ;;
  esac
done
