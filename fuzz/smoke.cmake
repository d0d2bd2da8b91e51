# fuzz-smoke-<target>: a short, time-boxed libFuzzer run on the generated seeds. Fails on any
# crash, property violation, leak or timeout (libFuzzer exits non-zero), with the input kept in
# WORK_DIR/artifacts/.
#   cmake -DFUZZER=path -DTARGET=name -DGEN_DIR=dir -DWORK_DIR=dir -DSECONDS=n -P smoke.cmake
foreach(var FUZZER TARGET GEN_DIR WORK_DIR SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "smoke.cmake: -D${var}= is missing")
  endif()
endforeach()

# max_len and the dictionary come from the generated .options file.
file(STRINGS ${GEN_DIR}/${TARGET}.options options)
set(max_len 4096)
foreach(line IN LISTS options)
  if(line MATCHES "^max_len *= *([0-9]+)")
    set(max_len ${CMAKE_MATCH_1})
  endif()
endforeach()

# New inputs go to a scratch corpus, so the generated seeds stay as generated.
file(REMOVE_RECURSE ${WORK_DIR}/corpus)
file(MAKE_DIRECTORY ${WORK_DIR}/corpus ${WORK_DIR}/artifacts)
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=5 -error_exitcode=77 -timeout_exitcode=78
          -rss_limit_mb=2048 -max_len=${max_len} -dict=${GEN_DIR}/${TARGET}.dict -print_final_stats=1
          -artifact_prefix=${WORK_DIR}/artifacts/ ${WORK_DIR}/corpus ${GEN_DIR}/corpus/${TARGET}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
string(REGEX MATCHALL "stat::[a-z_]+: *[0-9]+" stats "${out}")
string(REPLACE ";" "\n  " stats "${stats}")
message("${TARGET}: exit ${rc}\n  ${stats}")
if(NOT rc EQUAL 0)
  message("${out}")
  message(FATAL_ERROR "fuzz-smoke ${TARGET}: libFuzzer failed (exit ${rc}); inputs in ${WORK_DIR}/artifacts/")
endif()
