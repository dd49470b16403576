# cmake -DNM=nm -DLIBRARY=libxestimator_compiled.a -DOBJECTS="a.o|b.o" -P check_objects.cmake
#
# Fails if an object of the program defines a function that the compiled library defines: with
# XESTIMATOR_SEPARATE_COMPILATION the program must only call them. The library's strong text
# symbols (nm type T) are exactly the functions <xestimator/src.hpp> compiles; a header-only build
# of the same objects defines many of them again as weak symbols, which this check reports.

execute_process(COMMAND ${NM} --defined-only ${LIBRARY} OUTPUT_VARIABLE library_symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} could not read ${LIBRARY}")
endif()
string(REGEX MATCHALL "[0-9a-f]+ T [^\n]+" library_lines "${library_symbols}")
set(compiled "")
foreach(line IN LISTS library_lines)
    string(REGEX REPLACE "^[0-9a-f]+ T " "" name "${line}")
    list(APPEND compiled "${name}")
endforeach()
list(LENGTH compiled count)
# The layer has well over a hundred such functions; a few would mean src.hpp compiled nothing.
if(count LESS 50)
    message(FATAL_ERROR "${LIBRARY} defines only ${count} functions: does <xestimator/src.hpp> include the layer?")
endif()

string(REPLACE "|" ";" objects "${OBJECTS}")
set(found "")
foreach(object IN LISTS objects)
    execute_process(COMMAND ${NM} --defined-only ${object} OUTPUT_VARIABLE object_symbols RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${NM} could not read ${object}")
    endif()
    string(REGEX MATCHALL "[0-9a-f]+ [TtWw] [^\n]+" object_lines "${object_symbols}")
    foreach(line IN LISTS object_lines)
        string(REGEX REPLACE "^[0-9a-f]+ [TtWw] " "" name "${line}")
        list(FIND compiled "${name}" at)
        if(NOT at EQUAL -1)
            get_filename_component(file "${object}" NAME)
            list(APPEND found "${file}: ${name}")
        endif()
    endforeach()
endforeach()
if(found)
    list(LENGTH found n)
    list(JOIN found "\n  " text)
    message(FATAL_ERROR "${n} functions of the compiled layer are compiled again in the program:\n  ${text}")
endif()
message(STATUS "${count} functions of the compiled layer; none compiled again in the program's objects")
