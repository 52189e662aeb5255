#!/usr/bin/env bash
# Measures single-chunk encode speed and memory per codec x resolution class, with 1 and 2
# threads, using the same encoder arguments the service uses (default presets). The output is the
# table in docs/shapes.md, from which the default shapes in application.properties are derived.
#   docs/bench/measure-shapes.sh > /tmp/shapes.md
set -euo pipefail
FFMPEG=${FFMPEG:-ffmpeg}
export SVT_LOG=1

declare -A SIZE=([sd]=640x360 [hd]=1280x720 [fhd]=1920x1080 [uhd]=3840x2160)
declare -A FRAMES=([sd]=100 [hd]=50 [fhd]=25 [uhd]=12)

encoder_args() { # codec threads
  case "$1" in
    avc)  echo "-c:v libx264 -preset medium -crf 23 -pix_fmt yuv420p -threads $2" ;;
    hevc) echo "-c:v libx265 -preset medium -crf 28 -x265-params log-level=error:open-gop=0:pools=$2:frame-threads=$2 -pix_fmt yuv420p" ;;
    vp9)  echo "-c:v libvpx-vp9 -deadline good -cpu-used 4 -crf 33 -b:v 0 -row-mt 1 -pix_fmt yuv420p -threads $2" ;;
    av1)  echo "-c:v libsvtav1 -preset 8 -crf 35 -svtav1-params lp=$2 -pix_fmt yuv420p" ;;
  esac
}

# Sources are generated once as raw Y4M so the measurement times the encoder, not the generator.
SRC=$(mktemp -d)
trap 'rm -rf "$SRC"' EXIT
for class in sd hd fhd uhd; do
  "$FFMPEG" -nostdin -v error -y -f lavfi -i "testsrc2=size=${SIZE[$class]}:rate=25" -frames:v "${FRAMES[$class]}" \
    -pix_fmt yuv420p "$SRC/$class.y4m"
done
# Warm up (first runs pay for cold caches).
"$FFMPEG" -nostdin -v error -y -i "$SRC/sd.y4m" -c:v libx264 -f null - 

echo "| codec | class | size | threads | fps | max RSS (MB) |"
echo "| --- | --- | --- | ---: | ---: | ---: |"
for codec in avc hevc vp9 av1; do
  for class in sd hd fhd uhd; do
    for threads in 1 2; do
      frames=${FRAMES[$class]}
      # shellcheck disable=SC2046
      out=$( { /usr/bin/time -f "%e %M" "$FFMPEG" -nostdin -v error -y -i "$SRC/$class.y4m" \
            $(encoder_args "$codec" "$threads") -f null - ; } 2>&1 | tail -1)
      seconds=${out% *}; rss_kb=${out#* }
      fps=$(awk -v f="$frames" -v s="$seconds" 'BEGIN { printf "%.1f", f / s }')
      echo "| $codec | $class | ${SIZE[$class]} | $threads | $fps | $((rss_kb / 1024)) |"
    done
  done
done
