# cmake -P script behind the cmake_consumer tests. Modes:
#   find_package      install into a fresh prefix, then build and run project/ against it
#   add_subdirectory  build and run project/ with the source tree added as a subdirectory
#   version_mismatch  install, then check that find_package(xestimator 9.0 CONFIG REQUIRED) fails
#                     because of the version (and not for some other reason)
cmake_minimum_required(VERSION 3.20)

foreach(var XEST_MODE XEST_SOURCE_DIR XEST_BUILD_DIR XEST_VERSION XEST_CXX XEST_GENERATOR
            XEST_CONSUMER_DIR XEST_WORK_DIR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "consumer_test.cmake: ${var} is not set")
    endif()
endforeach()

# Runs a command; stops the test with its output unless the exit code is the expected one.
function(xest_run step expect_success)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    set(xest_last_output "${out}" PARENT_SCOPE)
    if(expect_success AND NOT rc EQUAL 0)
        message(FATAL_ERROR "${step} failed (exit ${rc}):\n${out}")
    elseif(NOT expect_success AND rc EQUAL 0)
        message(FATAL_ERROR "${step} succeeded but must fail:\n${out}")
    endif()
    message(STATUS "${step}: ok")
endfunction()

set(prefix "${XEST_WORK_DIR}/prefix")
set(consumer_build "${XEST_WORK_DIR}/build")
file(REMOVE_RECURSE "${XEST_WORK_DIR}")
file(MAKE_DIRECTORY "${XEST_WORK_DIR}")

set(make_program)
if(XEST_MAKE_PROGRAM)
    set(make_program "-DCMAKE_MAKE_PROGRAM=${XEST_MAKE_PROGRAM}")
endif()
set(configure_common -G "${XEST_GENERATOR}" ${make_program} "-DCMAKE_CXX_COMPILER=${XEST_CXX}"
                     "-DXEST_EXPECTED_VERSION=${XEST_VERSION}")

if(XEST_MODE STREQUAL "find_package" OR XEST_MODE STREQUAL "version_mismatch")
    xest_run("cmake --install into ${prefix}" TRUE
             "${CMAKE_COMMAND}" --install "${XEST_BUILD_DIR}" --prefix "${prefix}")
    # The package is complete: headers, config, version file and exported targets.
    foreach(f include/xestimator/core/tensor.hpp include/xestimator/core/config.hpp
              share/cmake/xestimator/xestimatorConfig.cmake
              share/cmake/xestimator/xestimatorConfigVersion.cmake
              share/cmake/xestimator/xestimatorTargets.cmake)
        if(NOT EXISTS "${prefix}/${f}")
            message(FATAL_ERROR "the installed package lacks ${f} (prefix ${prefix})")
        endif()
    endforeach()
endif()

if(XEST_MODE STREQUAL "find_package")
    xest_run("configure the consumer with find_package" TRUE
             "${CMAKE_COMMAND}" -S "${XEST_CONSUMER_DIR}/project" -B "${consumer_build}"
             ${configure_common} "-DCMAKE_PREFIX_PATH=${prefix}" "-DXEST_EXPECTED_PREFIX=${prefix}")
elseif(XEST_MODE STREQUAL "add_subdirectory")
    xest_run("configure the consumer with add_subdirectory" TRUE
             "${CMAKE_COMMAND}" -S "${XEST_CONSUMER_DIR}/project" -B "${consumer_build}"
             ${configure_common} "-DXEST_CONSUMER_SOURCE_DIR=${XEST_SOURCE_DIR}")
elseif(XEST_MODE STREQUAL "version_mismatch")
    xest_run("configure a consumer that asks for xestimator 9.0" FALSE
             "${CMAKE_COMMAND}" -S "${XEST_CONSUMER_DIR}/version_mismatch" -B "${consumer_build}"
             -G "${XEST_GENERATOR}" ${make_program} "-DCMAKE_PREFIX_PATH=${prefix}")
    # It must have been turned down for its version, with the installed config in view.
    if(NOT xest_last_output MATCHES "compatible with requested version \"9\\.0\""
       OR NOT xest_last_output MATCHES "version: ${XEST_VERSION}")
        message(FATAL_ERROR "find_package(xestimator 9.0) failed, but not because of the version "
                            "of the installed ${XEST_VERSION} package:\n${xest_last_output}")
    endif()
    message(STATUS "find_package(xestimator 9.0) was rejected for its version: ok")
    return()
else()
    message(FATAL_ERROR "consumer_test.cmake: unknown XEST_MODE '${XEST_MODE}'")
endif()

xest_run("build the consumer" TRUE "${CMAKE_COMMAND}" --build "${consumer_build}")
xest_run("run the consumer" TRUE "${consumer_build}/xest_consumer")
if(NOT xest_last_output MATCHES "xestimator ${XEST_VERSION} consumer: all checks passed")
    message(FATAL_ERROR "the consumer ran but did not report success:\n${xest_last_output}")
endif()
message(STATUS "${xest_last_output}")
