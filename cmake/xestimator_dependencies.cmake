# Finds a dependency or stops with a message naming the Debian package that provides it.
macro(xestimator_require package debian_package)
    find_package(${package} ${ARGN} QUIET CONFIG)
    if(NOT ${package}_FOUND)
        message(FATAL_ERROR "xestimator needs ${package} ${ARGN}: install the Debian package "
                            "'${debian_package}' (apt-get install -y ${debian_package}).")
    endif()
endmacro()

xestimator_require(xtl xtl-dev)
xestimator_require(xtensor xtensor-dev 0.24)
