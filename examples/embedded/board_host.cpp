// The board on a host: stdout and the process exit status. Used to build the firmware sources
// for x86-64, whose output the firmware's must equal bit for bit.
#include <cstdio>
#include <cstdlib>

#include "board.hpp"

namespace board
{
    void write(char const* text) { std::fputs(text, stdout); }

    void exit(int status)
    {
        std::fflush(stdout);
        std::exit(status);
    }

    std::uint32_t stack_high_water() { return 0; }
}
