#!/usr/bin/env bash
# A rank that dies ends the job, and the model directory resumes:
#   1. an uninterrupted run of 200 steps (its own directory) gives the reference checksum;
#   2. a run in which rank 1 kills itself after step 130 must end within 60 s, non-zero, with
#      mpirun's message naming the rank and the signal, leaving an intact checkpoint (step 120);
#   3. a restart in that directory resumes from step 120 and ends with the reference params,
#      bitwise;
#   4. a restart of a copy of that directory with one rank resumes from step 120 too (re-sharded:
#      the input continues from the same example) and reaches step 200.
#   kill_rank.sh PROGRAM SCRATCH_DIR MPIEXEC NUMPROC_FLAG [MPIEXEC ARGUMENTS...]
set -uo pipefail
program="$1"
scratch="$2"
mpiexec="$3"
numproc_flag="$4"
shift 4
mpirun=("$mpiexec" "$numproc_flag" 2 "$@")
mpirun_one=("$mpiexec" "$numproc_flag" 1 "$@")
fail() { printf 'FAILED: %s\n' "$*"; exit 1; }

rm -rf "$scratch"  # this test's own scratch directory
mkdir -p "$scratch"

"${mpirun[@]}" "$program" "$scratch/straight" -1 0 200 >"$scratch/straight.out" 2>"$scratch/straight.err" ||
    { cat "$scratch/straight.err"; fail "the uninterrupted run failed"; }
reference="$(sed -n 's/^final global_step 200 checksum //p' "$scratch/straight.out")"
[ -n "$reference" ] || { cat "$scratch/straight.out"; fail "the uninterrupted run did not reach step 200"; }

start=$SECONDS
timeout 60 "${mpirun[@]}" "$program" "$scratch/run" 1 130 200 >"$scratch/killed.out" 2>"$scratch/killed.err"
rc=$?
took=$((SECONDS - start))
cat "$scratch/killed.err"
[ "$rc" -ne 124 ] || fail "the job did not end within 60 s after a rank died"
[ "$rc" -ne 0 ] || fail "the job exited with 0 although rank 1 was killed"
grep -Eq 'rank 1 .*(exited on signal 9|Killed)' "$scratch/killed.err" ||
    fail "no message names rank 1 and its signal"
grep -q '^final global_step' "$scratch/killed.out" && fail "rank 0 finished training although rank 1 died"
printf 'ok: the job ended %d s after the start (exit %d) with the message above\n' "$took" "$rc"
grep -q 'model.ckpt-120' "$scratch/run/checkpoint" || { ls -l "$scratch/run"; fail "the last checkpoint is not step 120"; }

cp -r "$scratch/run" "$scratch/one"
"${mpirun[@]}" "$program" "$scratch/run" -1 0 200 >"$scratch/resumed.out" 2>"$scratch/resumed.err" ||
    { cat "$scratch/resumed.err"; fail "the restarted run failed"; }
cat "$scratch/resumed.out"
grep -q '^start global_step 120$' "$scratch/resumed.out" || fail "the restart did not resume from step 120"
resumed="$(sed -n 's/^final global_step 200 checksum //p' "$scratch/resumed.out")"
[ "$resumed" = "$reference" ] || fail "resumed params ($resumed) differ from the uninterrupted run's ($reference)"
printf 'ok: resumed from step 120 and ended bitwise with the uninterrupted run (checksum %s)\n' "$reference"

"${mpirun_one[@]}" "$program" "$scratch/one" -1 0 200 >"$scratch/one.out" 2>"$scratch/one.err" ||
    { cat "$scratch/one.err"; fail "the restart with one rank failed"; }
grep -q '^start global_step 120$' "$scratch/one.out" || fail "the restart with one rank did not resume from step 120"
grep -q '^final global_step 200 ' "$scratch/one.out" || fail "the restart with one rank did not reach step 200"
printf 'ok: a restart with one rank resumed from step 120 and reached step 200\n'
