// Built with -fno-exceptions -fno-rtti (tests/embedded/CMakeLists.txt). A bad hyper-parameter
// reaches the error handler the program set, with the error's kind and the fixed summary of the
// fault. With the argument "default", no handler is set: the default one prints the fault on
// stderr and traps (the test then matches the printed line).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <xestimator/expr.hpp>
#include <xestimator/optim/gradient_descent.hpp>

// xtensor's headers were read with <iostream> held back; a program's own #include <iostream>
// after them still gives it the standard streams.
#include <iostream>

namespace
{
    [[noreturn]] void expect_config_error(char const* kind, char const* message)
    {
        bool const ok = std::strcmp(kind, "config_error") == 0
                        && std::strcmp(message, "xest::optim: a hyper-parameter is out of range") == 0;
        std::cout << "handler: " << kind << ": " << message << (ok ? " (as expected)" : " (UNEXPECTED)") << std::endl;
        std::exit(ok ? 0 : 1);
    }
}

int main(int argc, char** argv)
{
    static_assert(!XESTIMATOR_HAS_EXCEPTIONS, "this test must be built with -fno-exceptions");
    bool const keep_default = argc > 1 && std::strcmp(argv[1], "default") == 0;
    if (!keep_default)
    {
        xest::error_handler const previous = xest::set_error_handler(&expect_config_error);
        if (previous != &xest::detail::default_error_handler)
        {
            std::puts("the handler in place before set_error_handler was not the default one");
            return 1;
        }
    }
    xest::optim::gradient_descent const opt{.learning_rate = -1.0f};
    opt.validate();
    std::puts("validate() returned: a negative learning rate was not reported");
    return 1;
}
