// Compiled with -std=c++17 by tests/compile_fail/CMakeLists.txt: the first error must be
// config.hpp's "xestimator needs C++20".
#include <xestimator/core.hpp>

int main()
{
    return 0;
}
