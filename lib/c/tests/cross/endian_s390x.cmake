# ctest endian-s390x: the golden vectors on a real big-endian target.
#
# Configures a second build tree of this same source for s390x (cmake/toolchain-s390x-linux-gnu.cmake),
# builds only test_vectors there (the generated codecs, the runtime, the runner; the generator
# runs on the host's python3; IOWIRE_CODEC_ONLY, as there is no json-c for s390x), then runs every vector under qemu-s390x. Passing proves that
#   * `order le` vectors: the little-endian profile gives the same bytes on both hosts (one `hex`);
#   * `order host` vectors: the host profile gives each host its own order (`hex` passes in the
#     native ctest run, `hex-be` here; at least one of them must have bytes that differ);
# and that it was big-endian: the ELF header of test_vectors, and a probe run under the same
# emulator.
#
# cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DTOOLCHAIN=... -DPYTHON=... [-DGENERATOR=...]
#       [-DC_FLAGS=-O1] [-DCONFIGURE_ARGS=-Da=1|-Db=2] -P endian_s390x.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS SOURCE_DIR BINARY_DIR TOOLCHAIN PYTHON)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "endian-s390x: ${var} is not set")
  endif()
endforeach()

string(TIMESTAMP t_start "%s%f")
function(fail)
  string(JOIN "" why ${ARGN})
  message(FATAL_ERROR "endian-s390x: FAIL: ${why}")
endfunction()
# Elapsed time since a "%s%f" timestamp (microseconds), as seconds with two decimals.
function(seconds_since var start)
  string(TIMESTAMP now "%s%f")
  math(EXPR cs "(${now} - ${start}) / 10000")
  math(EXPR whole "${cs} / 100")
  math(EXPR frac "${cs} % 100")
  if(frac LESS 10)
    set(frac "0${frac}")
  endif()
  set(${var} "${whole}.${frac}" PARENT_SCOPE)
endfunction()

# -O1: optimised code, at half the compile time of -O2 (the generated vfio_user.c dominates).
if(NOT DEFINED C_FLAGS)
  set(C_FLAGS -O1)
endif()

# The emulator command comes from the toolchain file itself, so ctest and this script agree.
include(${TOOLCHAIN})
if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
  fail("${TOOLCHAIN} sets no CMAKE_CROSSCOMPILING_EMULATOR")
endif()

# The cross tree takes nothing from the environment of the host build.
foreach(var IN ITEMS CC CFLAGS CPPFLAGS LDFLAGS)
  unset(ENV{${var}})
endforeach()

# ---- configure and build the s390x tree -----------------------------------------------------
set(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR}
    -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}
    -DCMAKE_BUILD_TYPE=
    "-DCMAKE_C_FLAGS=${C_FLAGS}"
    -DIOWIRE_PYTHON=${PYTHON}
    -DIOWIRE_CROSS_TESTS=OFF
    -DIOWIRE_CODEC_ONLY=ON
    -DIOWIRE_SANITIZE=OFF
    -DIOWIRE_TESTS=ON)
if(GENERATOR AND NOT EXISTS ${BINARY_DIR}/CMakeCache.txt)
  list(APPEND configure -G ${GENERATOR})
endif()
if(CONFIGURE_ARGS)
  string(REPLACE "|" ";" extra "${CONFIGURE_ARGS}")
  list(APPEND configure ${extra})
endif()
string(TIMESTAMP t0 "%s%f")
execute_process(COMMAND ${configure} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message("${out}")
  fail("configuring the s390x tree failed (${rc})")
endif()
seconds_since(t_configure ${t0})

# The generator must have run on the host's python3, whatever the toolchain's find-root says.
file(STRINGS ${BINARY_DIR}/CMakeCache.txt cached_python REGEX "^IOWIRE_PYTHON:")
string(REGEX REPLACE "^[^=]*=" "" cached_python "${cached_python}")
if(NOT cached_python STREQUAL PYTHON)
  fail("the s390x tree uses IOWIRE_PYTHON=${cached_python}, not the host's ${PYTHON}")
endif()
# The compiler the tree really uses (a toolchain's CMAKE_C_COMPILER is not cached).
file(GLOB cc_info ${BINARY_DIR}/CMakeFiles/*/CMakeCCompiler.cmake)
set(cross_cc "")
if(cc_info)
  list(GET cc_info 0 cc_info)
  file(STRINGS ${cc_info} cross_cc REGEX "^set\\(CMAKE_C_COMPILER \"")
  string(REGEX REPLACE "^set\\(CMAKE_C_COMPILER \"([^\"]*)\"\\)$" "\\1" cross_cc "${cross_cc}")
endif()
if(NOT cross_cc)
  set(cross_cc ${CMAKE_C_COMPILER})
endif()

cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
string(TIMESTAMP t0 "%s%f")
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target test_vectors --parallel ${jobs}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message("${out}")
  fail("building test_vectors for s390x failed (${rc})")
endif()
seconds_since(t_build ${t0})
set(runner ${BINARY_DIR}/lib/c/tests/test_vectors)
if(NOT EXISTS ${runner})
  fail("${runner} was not built")
endif()

# ---- is it really big-endian? ----------------------------------------------------------------
# ELF header: magic, EI_CLASS (02: 64-bit), EI_DATA (02: MSB), e_machine at 18 (0x0016: S/390,
# stored big-endian because EI_DATA says so).
file(READ ${runner} elf OFFSET 0 LIMIT 20 HEX)
string(SUBSTRING "${elf}" 0 8 elf_magic)
string(SUBSTRING "${elf}" 10 2 elf_data)
string(SUBSTRING "${elf}" 36 4 elf_machine)
if(NOT elf_magic STREQUAL "7f454c46" OR NOT elf_data STREQUAL "02" OR NOT elf_machine STREQUAL "0016")
  fail("${runner} is not a big-endian s390x ELF file (header ${elf})")
endif()

set(probe ${BINARY_DIR}/endian_probe)
execute_process(COMMAND ${cross_cc} -std=c11 -O1 -o ${probe} ${CMAKE_CURRENT_LIST_DIR}/endian_probe.c
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message("${out}")
  fail("compiling the endian probe with ${cross_cc} failed")
endif()
execute_process(COMMAND ${CMAKE_CROSSCOMPILING_EMULATOR} ${probe}
                RESULT_VARIABLE rc OUTPUT_VARIABLE probe_out ERROR_VARIABLE probe_err
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT probe_out MATCHES "^big-endian")
  fail("the probe under ${CMAKE_CROSSCOMPILING_EMULATOR} says: ${probe_out}${probe_err} (exit ${rc})")
endif()

# ---- what the vector files hold ----------------------------------------------------------------
# One entry per vector, in file order (the order test_vectors reports them in): its id, and for
# `order host` vectors whether `hex-be` differs from `hex` (is_host: 0 le, 1 host, 2 host and swapped).
file(GLOB vec_files LIST_DIRECTORIES false ${SOURCE_DIR}/lib/c/tests/vectors/*/*.vec)
list(SORT vec_files)
if(NOT vec_files)
  fail("no vector files under ${SOURCE_DIR}/lib/c/tests/vectors")
endif()
set(ids "")
set(is_host "")
set(n_host_files 0)
foreach(vec IN LISTS vec_files)
  file(READ ${vec} text)
  # Make each line one list element: neutralise the characters CMake lists treat specially.
  string(REPLACE "\\" "/" text "${text}")
  string(REPLACE ";" "," text "${text}")
  string(REPLACE "[" "(" text "${text}")
  string(REPLACE "]" ")" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(id "")
  set(host 0)
  set(hex "")
  set(hex_be "")
  set(lineno 0)
  set(host_here 0)
  foreach(line IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line MATCHES "^vector[ \t]+(.*)$")
      set(id "${CMAKE_MATCH_1}")
      set(host 0)
      set(hex "")
      set(hex_be "")
      set(vec_line ${lineno})
    elseif(line MATCHES "^order[ \t]+host")
      set(host 1)
    elseif(line MATCHES "^hex[ \t]+(.*)$")
      string(APPEND hex " ${CMAKE_MATCH_1}")
    elseif(line MATCHES "^hex-be[ \t]+(.*)$")
      string(APPEND hex_be " ${CMAKE_MATCH_1}")
    elseif(line STREQUAL "end")
      list(APPEND ids "${id}")
      if(host)
        math(EXPR host_here "${host_here} + 1")
        string(REGEX REPLACE "[ \t]+" "" hex "${hex}")
        string(REGEX REPLACE "[ \t]+" "" hex_be "${hex_be}")
        string(TOLOWER "${hex}" hex)
        string(TOLOWER "${hex_be}" hex_be)
        if(hex_be STREQUAL "")
          fail("${vec}:${vec_line}: order host vector ${id} has no hex-be")
        endif()
        # Equal bytes are legitimate (a structure with no integers: byte strings never swap),
        # but only vectors whose bytes differ can tell the two orders apart.
        if(NOT hex STREQUAL hex_be)
          set(host 2)
        endif()
      endif()
      list(APPEND is_host ${host})
    endif()
  endforeach()
  if(host_here GREATER 0)
    math(EXPR n_host_files "${n_host_files} + 1")
  endif()
endforeach()
list(LENGTH ids n_vectors)
set(n_host_in_files 0)
set(n_swap_in_files 0)
foreach(h IN LISTS is_host)
  if(h GREATER 0)
    math(EXPR n_host_in_files "${n_host_in_files} + 1")
  endif()
  if(h EQUAL 2)
    math(EXPR n_swap_in_files "${n_swap_in_files} + 1")
  endif()
endforeach()
if(n_swap_in_files EQUAL 0)
  fail("no `order host` vector with a hex-be different from its hex in ${SOURCE_DIR}/lib/c/tests/vectors: "
       "nothing would show the host order (${n_host_in_files} order host vectors in all)")
endif()

# ---- run every vector on s390x ----------------------------------------------------------------
string(TIMESTAMP t0 "%s%f")
execute_process(COMMAND ${CMAKE_CROSSCOMPILING_EMULATOR} ${runner} ${vec_files}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
seconds_since(t_run ${t0})
string(REPLACE ";" "," tap "${out}")
string(REPLACE "[" "(" tap "${tap}")
string(REPLACE "]" ")" tap "${tap}")
string(REPLACE "\n" ";" tap "${tap}")
set(results "")
set(failures "")
foreach(line IN LISTS tap)
  if(line MATCHES "^(not )?ok [0-9]+ - ")
    list(APPEND results "${line}")
  endif()
  if(line MATCHES "^not ok " OR line MATCHES "^# ")
    string(APPEND failures "  ${line}\n")
  endif()
endforeach()
list(LENGTH results n_results)
if(NOT rc EQUAL 0 OR NOT n_results EQUAL n_vectors)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    fail("test_vectors under qemu-s390x exited with ${rc}:\n${failures}")
  endif()
  fail("test_vectors reported ${n_results} results for the ${n_vectors} vectors in the files")
endif()

set(n_pass 0)
set(n_skip 0)
set(n_host_run 0)
set(n_swap_run 0)
set(n_le_run 0)
math(EXPR last "${n_vectors} - 1")
foreach(i RANGE ${last})
  list(GET ids ${i} id)
  list(GET is_host ${i} host)
  list(GET results ${i} line)
  string(REGEX REPLACE "^(not )?ok [0-9]+ - " "" got "${line}")
  string(REGEX REPLACE " # SKIP.*" "" got "${got}")
  if(NOT got STREQUAL id)
    fail("result ${i} is for vector '${got}', the files say '${id}'")
  endif()
  if(line MATCHES " # SKIP")
    math(EXPR n_skip "${n_skip} + 1")
  elseif(line MATCHES "^ok ")
    math(EXPR n_pass "${n_pass} + 1")
    if(host GREATER 0)
      math(EXPR n_host_run "${n_host_run} + 1")
      if(host EQUAL 2)
        math(EXPR n_swap_run "${n_swap_run} + 1")
      endif()
    else()
      math(EXPR n_le_run "${n_le_run} + 1")
    endif()
  endif()
endforeach()

seconds_since(t_total ${t_start})
message("endian-s390x: ${probe_out}")
message("endian-s390x: ${runner}: ELF 64-bit MSB, machine S/390 (built by ${cross_cc})")
list(LENGTH vec_files n_files)
list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " emulator)
message("endian-s390x: ran ${emulator} test_vectors on ${n_files} vector files "
        "(${n_host_files} of them with `order host` vectors)")
message("endian-s390x: ${n_vectors} vectors on big-endian s390x: ${n_pass} passed, ${n_skip} skipped, 0 failed")
message("endian-s390x: order le vectors (same bytes on both hosts): ${n_le_run} passed")
message("endian-s390x: order host vectors run big-endian (their hex-be bytes): ${n_host_run} of ${n_host_in_files}, "
        "${n_swap_run} of them with bytes that differ from the little-endian hex")
message("endian-s390x: configure ${t_configure} s, build ${t_build} s, vectors ${t_run} s, total ${t_total} s")
if(n_swap_run EQUAL 0)
  fail("no `order host` vector with swapped bytes ran under big-endian")
endif()
if(NOT n_host_run EQUAL n_host_in_files)
  fail("only ${n_host_run} of the ${n_host_in_files} `order host` vectors ran under big-endian")
endif()
