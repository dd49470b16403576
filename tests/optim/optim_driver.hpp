#ifndef XEST_TESTS_OPTIM_DRIVER_HPP
#define XEST_TESTS_OPTIM_DRIVER_HPP

// Drives an optimizer through the estimator's per-step protocol on f(w) = sum((w - c)^2),
// with w split into two parameters (3 and 2 elements), and compares every step with a
// reference written in plain double loops over the 5 elements.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/optim.hpp>

namespace optim_test
{
    inline constexpr std::size_t size = 5;
    using vec = std::array<double, size>;

    // Dyadic values: exact in float as well as double.
    inline constexpr vec target{1.0, 0.25, -0.5, 2.0, -1.5};
    inline constexpr vec start{0.5, -1.0, 2.0, 0.125, 0.75};

    inline vec gradient_at(vec const& w)
    {
        vec g{};
        for (std::size_t i = 0; i < size; ++i)
        {
            g[i] = 2.0 * (w[i] - target[i]);
        }
        return g;
    }

    inline double relative_error(double actual, double expected)
    {
        if (actual == expected)
        {
            return 0.0;
        }
        return std::abs(actual - expected) / std::max(std::abs(expected), 1e-300);
    }

    template <class T, class Opt>
    struct problem
    {
        Opt opt;
        std::array<T, 3> a{};
        std::array<T, 2> b{};
        std::array<T, 3> grad_a{};
        std::array<T, 2> grad_b{};
        std::unique_ptr<typename Opt::template slots<T, 3>> slots_a =
            std::make_unique<typename Opt::template slots<T, 3>>();
        std::unique_ptr<typename Opt::template slots<T, 2>> slots_b =
            std::make_unique<typename Opt::template slots<T, 2>>();
        std::int64_t step = 0;

        explicit problem(Opt o) : opt(std::move(o))
        {
            for (std::size_t i = 0; i < size; ++i)
            {
                set(i, static_cast<T>(start[i]));
            }
        }

        T get(std::size_t i) const
        {
            return i < 3 ? a[i] : b[i - 3];
        }

        void set(std::size_t i, T x)
        {
            (i < 3 ? a[i] : b[i - 3]) = x;
        }

        void run_step()
        {
            for (std::size_t i = 0; i < 3; ++i)
            {
                grad_a[i] = T(2) * (a[i] - static_cast<T>(target[i]));
            }
            for (std::size_t i = 0; i < 2; ++i)
            {
                grad_b[i] = T(2) * (b[i] - static_cast<T>(target[i + 3]));
            }
            float const lr = opt.current_learning_rate(step);
            auto const ctx = opt.prepare(step, lr);
            auto each = [this](auto&& f) {
                f(std::span<T>(grad_a));
                f(std::span<T>(grad_b));
            };
            if constexpr (requires { opt.preprocess(each); })
            {
                opt.preprocess(each);
            }
            opt.update(ctx, std::span<T, 3>(a), std::span<T const, 3>(grad_a), *slots_a);
            opt.update(ctx, std::span<T, 2>(b), std::span<T const, 2>(grad_b), *slots_b);
            ++step;
        }
    };

    /// Runs `steps` steps of `opt` and of `reference(w, g, step)` (which updates the double
    /// vector w in place from the gradient g) and checks every element after every step.
    template <class T, class Opt, class Reference>
    void check_against_reference(Opt const& opt, Reference reference, int steps = 5,
                                 double tolerance = 1e-6)
    {
        opt.validate();
        problem<T, Opt> p(opt);
        vec w = start;
        for (int s = 0; s < steps; ++s)
        {
            p.run_step();
            reference(w, gradient_at(w), static_cast<std::int64_t>(s));
            for (std::size_t i = 0; i < size; ++i)
            {
                INFO("step ", s, " element ", i, ": got ", static_cast<double>(p.get(i)),
                     ", expected ", w[i]);
                CHECK(relative_error(static_cast<double>(p.get(i)), w[i]) <= tolerance);
            }
        }
        // The trajectory must have moved, or the comparison proves little.
        CHECK(w != start);
    }

    /// The names `visit` reports for a parameter's slots, in order.
    template <class Opt>
    std::vector<std::string> slot_names()
    {
        typename Opt::template slots<float, 4> s{};
        std::vector<std::string> names;
        s.visit([&](std::string_view name, std::span<float, 4> values) {
            names.emplace_back(name);
            CHECK(values.size() == 4u);
        });
        return names;
    }

    /// The message of the config_error thrown by `x.validate()`, or "" when none is thrown.
    template <class X>
    std::string validation_message(X const& x)
    {
        try
        {
            x.validate();
        }
        catch (xest::config_error const& e)
        {
            return e.what();
        }
        return "";
    }
}

#endif
