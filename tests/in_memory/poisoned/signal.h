#error "xestimator/in_memory.hpp must not include <signal.h> (see tests/in_memory/CMakeLists.txt)"
