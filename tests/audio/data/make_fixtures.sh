#!/usr/bin/env bash
# Regenerates the tiny real audio fixtures in this folder (run once; the results are committed, so
# the tests need none of these tools). Needs: sox (wav, flac, ogg), lame (mp3), opus-tools (opus).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Half a second of a soft 440 Hz tone, 16 kHz mono: small, but a real stream in every format.
sox -n -r 16000 -c 1 -b 16 "$tmp/tone.wav" synth 0.5 sine 440 vol 0.5 fade 0.02 0.5 0.02
sox -n -r 8000 -c 1 -b 16 tone.wav synth 0.25 sine 440 vol 0.5 fade 0.02 0.25 0.02
sox "$tmp/tone.wav" tone.flac
sox "$tmp/tone.wav" -C 0 tone.ogg
lame --quiet -b 32 "$tmp/tone.wav" tone.mp3
opusenc --quiet --bitrate 12 "$tmp/tone.wav" tone.opus
ls -l tone.*
# Two seconds of a soft low tone, then a second of a loud one: how long the soft one is heard after
# a seek says where in the file it landed, whatever the stream's latency.
sox -n -r 8000 -c 1 -b 16 "$tmp/quiet.wav" synth 2 sine 220 vol 0.1
sox -n -r 8000 -c 1 -b 16 "$tmp/mark.wav" synth 1 sine 440 vol 0.5
sox "$tmp/quiet.wav" "$tmp/mark.wav" "$tmp/seek_mark.wav"
sox "$tmp/seek_mark.wav" -C 0 seek_mark.ogg
sox "$tmp/seek_mark.wav" seek_mark.flac
