# Runs one compile-fail check (see CMakeLists.txt in this folder).
# Inputs: CXX (compiler), SOURCE (file), INCLUDES ("|"-separated flags), MODE (fail or ok),
# PCH_HEADER and PCH (optional: a header to read first and its precompiled form beside it, used
# only while no library header under LIBRARY_DIR is newer, so a stale one is never read).

file(STRINGS "${SOURCE}" _first LIMIT_COUNT 1)
if(NOT _first MATCHES "^// expect: (.+)$")
    message(FATAL_ERROR "${SOURCE}: the first line must be '// expect: <text of the diagnostic>'")
endif()
string(STRIP "${CMAKE_MATCH_1}" _expect)

string(REPLACE "|" ";" _includes "${INCLUDES}")
set(_command ${CXX} -std=c++20 -fsyntax-only ${_includes})
if(PCH AND EXISTS "${PCH}")
    set(_pch_fresh TRUE)
    file(GLOB_RECURSE _headers "${LIBRARY_DIR}/*.hpp")
    foreach(_header ${_headers})
        if("${_header}" IS_NEWER_THAN "${PCH}")
            set(_pch_fresh FALSE)
            break()
        endif()
    endforeach()
    if(_pch_fresh)
        list(APPEND _command -include "${PCH_HEADER}")
    endif()
endif()
if(MODE STREQUAL "ok")
    list(APPEND _command -DXEST_COMPILE_FAIL_OK)
endif()
list(APPEND _command ${SOURCE})

execute_process(COMMAND ${_command} RESULT_VARIABLE _result OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
set(_output "${_out}${_err}")

if(MODE STREQUAL "ok")
    if(NOT _result EQUAL 0)
        message(FATAL_ERROR "${SOURCE}: the well-formed variant (-DXEST_COMPILE_FAIL_OK) does not compile:\n${_output}")
    endif()
    message(STATUS "${SOURCE}: the well-formed variant compiles")
    return()
endif()

if(_result EQUAL 0)
    message(FATAL_ERROR "${SOURCE}: compiled, but it must fail with: ${_expect}")
endif()

# The expected text, searched literally.
string(FIND "${_output}" "${_expect}" _at)
if(_at EQUAL -1)
    message(FATAL_ERROR "${SOURCE}: failed to compile, but without the expected text '${_expect}':\n${_output}")
endif()

# One diagnostic, no cascade: exactly one error in all (a second error, such as an operator the
# failed expression does not absorb, is a cascade even when the expected text is there), and it
# is the failed static assertion (gcc: "static assertion failed", clang 14: "static_assert
# failed", newer clang: "static assertion failed").
string(REPLACE ";" "," _scan "${_output}") # ";" would split the list of matches
string(REGEX MATCHALL "(^|\n)[^\n]*error: [^\n]*" _errors "${_scan}")
list(LENGTH _errors _error_count)
string(REGEX MATCHALL "static assertion failed|static_assert failed" _asserts "${_output}")
list(LENGTH _asserts _count)
if(NOT _error_count EQUAL 1 OR NOT _count EQUAL 1)
    message(FATAL_ERROR "${SOURCE}: expected exactly one error, a failed static assertion; found ${_error_count} "
                        "errors and ${_count} failed static assertions:\n${_output}")
endif()
message(STATUS "${SOURCE}: fails as expected with '${_expect}' (one error)")
