#!/usr/bin/env bash
# Runs a command with bounded memory and time, as the hostile suite asks:
# an input that makes evident hang is killed (exit 124), one that makes it
# allocate past the cap fails inside the process (an abort exits 134), so a
# test sees either as a failure of its own exit-code assertion.
ulimit -v "${EVIDENT_TEST_VMEM_KB:-3000000}"
exec timeout --kill-after=5 "${EVIDENT_TEST_SECONDS:-60}" "$@"
