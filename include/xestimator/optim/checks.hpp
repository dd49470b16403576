#ifndef XESTIMATOR_OPTIM_CHECKS_HPP
#define XESTIMATOR_OPTIM_CHECKS_HPP

/// @file
/// @brief Hyper-parameter range checks shared by optimizers, schedules and clipping wrappers.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "../core/error.hpp"

namespace xest::optim::detail
{
    // The shortest text that reads back as the same float, so 1e-7f prints as "1e-07" and
    // not as its double expansion; hyper-parameters are floats.
    inline std::string format_number(double value)
    {
        char buffer[40];
        for (int digits = 6; digits <= 17; ++digits)
        {
            std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
            double const back = std::strtod(buffer, nullptr);
            if (static_cast<float>(back) == static_cast<float>(value) || back == value
                || value != value)
            {
                break;
            }
        }
        return buffer;
    }

    /// @brief Throws config_error "xest::optim::<owner>: <field> = <value> is out of range: <rule>".
    template <class T>
    [[noreturn]] void out_of_range(char const* owner, char const* field, T value, char const* rule)
    {
        raise<config_error>("xest::optim: a hyper-parameter is out of range",
                            [&] {
                                return std::string("xest::optim::") + owner + ": " + field + " = "
                                       + format_number(static_cast<double>(value)) + " is out of range: " + rule;
                            });
    }

    // Every hyper-parameter is a finite number: an infinite learning rate, epsilon or bound
    // turns the first update into inf or NaN. The comparisons are written so that NaN fails too.
    // The checks compare in the setting's own type: a float setting costs no double arithmetic
    // (software double on a single-precision FPU).
    template <class T>
    bool finite(T value)
    {
        return value - value == T(0); // false for NaN and for both infinities
    }

    template <class T>
    void require_finite(char const* owner, char const* field, T value)
    {
        if (!finite(value))
        {
            out_of_range(owner, field, value, "it must be a finite number");
        }
    }

    template <class T>
    void require_non_negative(char const* owner, char const* field, T value)
    {
        if (!(value >= T(0) && finite(value)))
        {
            out_of_range(owner, field, value, "it must be a finite number >= 0");
        }
    }

    template <class T>
    void require_positive(char const* owner, char const* field, T value)
    {
        if (!(value > T(0) && finite(value)))
        {
            out_of_range(owner, field, value, "it must be a finite number > 0");
        }
    }

    template <class T>
    void require_non_positive(char const* owner, char const* field, T value)
    {
        if (!(value <= T(0) && finite(value)))
        {
            out_of_range(owner, field, value, "it must be a finite number <= 0");
        }
    }

    // [0, 1): decay rates of moving averages (1 would freeze the average at its initial value).
    template <class T>
    void require_decay_rate(char const* owner, char const* field, T value)
    {
        if (!(value >= T(0) && value < T(1)))
        {
            out_of_range(owner, field, value, "it must be in [0, 1)");
        }
    }

    template <class T>
    void require_unit_interval(char const* owner, char const* field, T value)
    {
        if (!(value >= T(0) && value <= T(1)))
        {
            out_of_range(owner, field, value, "it must be in [0, 1]");
        }
    }
}

#endif
