#ifndef XESTIMATOR_CORE_ERROR_HPP
#define XESTIMATOR_CORE_ERROR_HPP

/// @file
/// @brief The run-time error hierarchy: every fault names its cause (file, line, value).

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "config.hpp"

namespace xest
{
    /// @brief Base of every run-time error thrown by xestimator.
    class error : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };

    /// @brief A file or directory could not be read or written (names the path and the OS reason).
    class io_error : public error
    {
    public:
        using error::error;
    };

    /// @brief Input data is malformed or does not fit the model (names file, line, column or value).
    class input_error : public error
    {
    public:
        using error::error;
    };

    /// @brief A checkpoint is missing, corrupted or does not match the model.
    class checkpoint_error : public error
    {
    public:
        using error::error;
    };

    /// @brief A run_config, optimizer or hook setting is out of range.
    class config_error : public error
    {
    public:
        using error::error;
    };

    /// @brief Training produced a non-finite loss (thrown by hooks::nan_guard).
    class nan_loss_error : public error
    {
    public:
        using error::error;
    };

    /// @brief A lookup by name failed (metric, variable); the message lists the names that exist.
    class name_error : public error
    {
    public:
        using error::error;
    };

    /// @brief Throws E(message); in a build without exceptions prints it and aborts.
    template <class E>
    [[noreturn]] inline void raise(std::string const& message)
    {
#if XESTIMATOR_HAS_EXCEPTIONS
        throw E(message);
#else
        std::fprintf(stderr, "xestimator: %s\n", message.c_str());
        std::abort();
#endif
    }
}

#endif
