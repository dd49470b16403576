#error "xestimator/in_memory.hpp must not include <fcntl.h> (see tests/in_memory/CMakeLists.txt)"
