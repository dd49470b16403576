#ifndef XESTIMATOR_CORE_ERROR_HPP
#define XESTIMATOR_CORE_ERROR_HPP

/// @file
/// @brief The run-time error hierarchy: every fault names its cause (file, line, value).
///
/// With exceptions (the default) `raise<E>(message)` throws E. Without them (-fno-exceptions,
/// firmware) it calls the error handler with the kind of error and a message, and traps if the
/// handler returns. That path links no formatting code: a call site that composes its message
/// passes a fixed summary plus a function that composes the full text, and only the exception
/// path calls the function: `raise<config_error>("summary", [&] { return std::string(...) + ...; })`.

#include <concepts>
#include <type_traits>

#include "config.hpp"

#if XESTIMATOR_HAS_EXCEPTIONS
#include <stdexcept>
#include <string>
#endif

#if XESTIMATOR_HAS_CONSOLE
#include <cstdio>
#endif

namespace xest
{
#if XESTIMATOR_HAS_EXCEPTIONS
    /// @brief Base of every run-time error thrown by xestimator.
    class error : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };
#define XESTIMATOR_DETAIL_ERROR(name, base)         \
    class name : public base                        \
    {                                               \
    public:                                         \
        using base::base;                           \
        static constexpr char const* kind = #name;  \
    }
#else
    /// @brief Without exceptions an error class is only a kind: the name the handler receives.
    struct error
    {
        static constexpr char const* kind = "error";
    };
#define XESTIMATOR_DETAIL_ERROR(name, base)         \
    struct name : base                              \
    {                                               \
        static constexpr char const* kind = #name;  \
    }
#endif

    /// @brief A file or directory could not be read or written (names the path and the OS reason).
    XESTIMATOR_DETAIL_ERROR(io_error, error);
    /// @brief Input data is malformed or does not fit the model (names file, line, column or value).
    XESTIMATOR_DETAIL_ERROR(input_error, error);
    /// @brief A checkpoint is missing, corrupted or does not match the model.
    XESTIMATOR_DETAIL_ERROR(checkpoint_error, error);
    /// @brief A run_config, optimizer or hook setting is out of range.
    XESTIMATOR_DETAIL_ERROR(config_error, error);
    /// @brief Training produced a non-finite loss (thrown by hooks::nan_guard).
    XESTIMATOR_DETAIL_ERROR(nan_loss_error, error);
    /// @brief A lookup by name failed (metric, variable); the message lists the names that exist.
    XESTIMATOR_DETAIL_ERROR(name_error, error);
    /// @brief A shape or index check inside xtensor failed (builds without exceptions only).
    XESTIMATOR_DETAIL_ERROR(xtensor_error, error);
#undef XESTIMATOR_DETAIL_ERROR

    /// @brief What a build without exceptions calls on a fault: the error's kind ("config_error")
    /// and its message. It should not return (reset, log and halt...); if it does, the program traps.
    using error_handler = void (*)(char const* kind, char const* message);

    namespace detail
    {
        /// @brief Prints "xestimator: <kind>: <message>" where a console exists, then traps.
        inline void default_error_handler([[maybe_unused]] char const* kind,
                                          [[maybe_unused]] char const* message) noexcept
        {
#if XESTIMATOR_HAS_CONSOLE
            std::fputs("xestimator: ", stderr);
            std::fputs(kind, stderr);
            std::fputs(": ", stderr);
            std::fputs(message, stderr);
            std::fputs("\n", stderr);
            std::fflush(stderr);
#endif
            __builtin_trap();
        }

        // Constant-initialised: no guard variable, no static constructor.
        inline error_handler current_error_handler = &default_error_handler;

        template <class E>
        [[noreturn]] void report(char const* message) noexcept
        {
            current_error_handler(E::kind, message);
            __builtin_trap();
        }
    }

    /// @brief Sets the function a build without exceptions calls on a fault; returns the previous
    /// one. nullptr restores the default (print where a console exists, then trap).
    inline error_handler set_error_handler(error_handler handler) noexcept
    {
        error_handler const previous = detail::current_error_handler;
        detail::current_error_handler = handler != nullptr ? handler : &detail::default_error_handler;
        return previous;
    }

    /// @brief Throws E(message); in a build without exceptions calls the error handler.
    template <class E>
    [[noreturn]] inline void raise(char const* message)
    {
#if XESTIMATOR_HAS_EXCEPTIONS
        throw E(message);
#else
        detail::report<E>(message);
#endif
    }

    /// @brief Throws E with a composed message (a std::string); in a build without exceptions the
    /// handler receives its text, so prefer the summary form below on paths firmware uses.
    template <class E, class Text>
        requires requires(Text const& t) {
            { t.c_str() } -> std::same_as<char const*>;
        }
    [[noreturn]] inline void raise(Text const& message)
    {
#if XESTIMATOR_HAS_EXCEPTIONS
        throw E(message);
#else
        detail::report<E>(message.c_str());
#endif
    }

    /// @brief Throws E(compose()); without exceptions the handler receives `summary` and
    /// `compose` is never called, so no formatting code is linked.
    template <class E, class Compose>
        requires std::is_invocable_v<Compose&>
    [[noreturn]] inline void raise([[maybe_unused]] char const* summary, [[maybe_unused]] Compose&& compose)
    {
#if XESTIMATOR_HAS_EXCEPTIONS
        throw E(compose());
#else
        detail::report<E>(summary);
#endif
    }
}

#endif
