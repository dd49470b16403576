#ifndef XESTIMATOR_TESTS_EXPR_TEST_SUPPORT_HPP
#define XESTIMATOR_TESTS_EXPR_TEST_SUPPORT_HPP

// Helpers shared by the engine tests (expr, losses, nn): evaluate an expression through a
// program, fill tensors with reproducible values, compare against loops written in the tests.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/expr.hpp>

namespace engine_test
{
    /// Values of a one-root expression after forward (rows: real rows of the batch).
    template <class E>
    std::vector<double> eval(E const& e, std::size_t rows = static_cast<std::size_t>(-1))
    {
        auto prog = std::make_unique<xest::expr::program<false, E>>(e);
        prog->set_rows(rows);
        prog->template forward<0>();
        auto const* v = prog->template value<0>();
        return std::vector<double>(v, v + xest::shape_of_t<E>::size);
    }

    /// Values of several roots computed by one program (one program type instead of several keeps
    /// the test's compile time down).
    template <class... E>
    std::vector<std::vector<double>> eval_all(E const&... e)
    {
        auto prog = std::make_unique<xest::expr::program<false, E...>>(e...);
        std::vector<std::vector<double>> out;
        [&]<std::size_t... R>(std::index_sequence<R...>)
        {
            prog->template forward<R...>();
            (out.push_back(std::vector<double>(prog->template value<R>(),
                                               prog->template value<R>() + xest::shape_of_t<E>::size)),
             ...);
        }(std::index_sequence_for<E...>{});
        return out;
    }

    /// The scalar value of a one-root expression.
    template <class E>
    double eval_scalar(E const& e, std::size_t rows = static_cast<std::size_t>(-1))
    {
        static_assert(xest::shape_of_t<E>::size == 1, "eval_scalar takes a scalar expression");
        return eval(e, rows)[0];
    }

    /// Gradient of a scalar root with respect to param P (empty when the program has none).
    template <class P, class E>
    std::vector<double> grad(E const& loss, std::size_t rows = static_cast<std::size_t>(-1))
    {
        using program_type = xest::expr::program<true, E>;
        auto prog = std::make_unique<program_type>(loss);
        prog->set_rows(rows);
        prog->template forward<0>();
        prog->template backward<0>();
        if constexpr (program_type::template has_gradient<P>())
        {
            auto const* g = prog->template gradient<P>();
            return std::vector<double>(g, g + P::size);
        }
        else
        {
            return {};
        }
    }

    /// A reproducible value in [lo, hi) for index i and a salt (no library random stream, so
    /// the tests do not depend on the code under test for their inputs).
    inline double pseudo(std::size_t i, std::uint64_t salt, double lo, double hi)
    {
        std::uint64_t z = (i + 1) * 0x9E3779B97F4A7C15ull + salt * 0xD1B54A32D192ED03ull;
        z = (z ^ (z >> 29)) * 0xBF58476D1CE4E5B9ull;
        z ^= z >> 32;
        return lo + (hi - lo) * static_cast<double>(z >> 11) * 0x1.0p-53;
    }

    /// Fills a tensor or param value with pseudo values in [lo, hi).
    template <class Tensor>
    void fill(Tensor& t, std::uint64_t salt, double lo = -1.0, double hi = 1.0)
    {
        using T = typename Tensor::value_type;
        for (std::size_t i = 0; i < t.size(); ++i)
        {
            t.data()[i] = static_cast<T>(pseudo(i, salt, lo, hi));
        }
    }

    /// Like fill, but every value has magnitude in [gap, hi): keeps inputs away from kinks at 0.
    template <class Tensor>
    void fill_away_from_zero(Tensor& t, std::uint64_t salt, double gap = 0.2, double hi = 1.5)
    {
        using T = typename Tensor::value_type;
        for (std::size_t i = 0; i < t.size(); ++i)
        {
            double const m = pseudo(i, salt, gap, hi);
            t.data()[i] = static_cast<T>(pseudo(i, salt + 7, 0.0, 1.0) < 0.5 ? -m : m);
        }
    }

    /// Largest accepted gradient-check error for scalar type T.
    template <class T>
    inline constexpr double grad_tolerance = sizeof(T) == 4 ? 1e-2 : 1e-6;

    /// Forward tolerance (relative) for scalar type T.
    template <class T>
    inline constexpr double value_tolerance = sizeof(T) == 4 ? 1e-5 : 1e-12;

    /// Asserts on a gradient-check result (not a template: the assertions are compiled once).
    inline void check_result(xest::gradient_check_result const& r, double tolerance)
    {
        INFO("worst param ", r.worst_param, " index ", r.worst_index, " analytic ", r.analytic, " numeric ",
             r.numeric, " error ", r.max_error);
        CHECK(r.passed);
        CHECK(r.checked > 0);
        CHECK(r.max_error < tolerance);
    }

    /// Runs xest::gradient_check and asserts it passed with a small error.
    template <class T, class E>
    void check_gradient(E const& loss, std::size_t rows = static_cast<std::size_t>(-1))
    {
        xest::gradient_check_options opt;
        opt.rows = rows;
        check_result(xest::gradient_check(loss, opt), grad_tolerance<T>);
    }

    /// |a - b| within a relative tolerance (absolute near 0).
    inline bool close(double a, double b, double tol)
    {
        return std::abs(a - b) <= tol * std::max(1.0, std::max(std::abs(a), std::abs(b)));
    }

    inline void check_values(std::vector<double> const& got, std::vector<double> const& want, double tol)
    {
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i)
        {
            INFO("index ", i, " got ", got[i], " want ", want[i]);
            CHECK(close(got[i], want[i], tol));
        }
    }

    template <class T>
    void check_values(std::vector<double> const& got, std::vector<double> const& want)
    {
        check_values(got, want, value_tolerance<T>);
    }

    /// A batch of 4 rows (x <4, 2>, y <4, 3>) and the params of a 2 -> 3 linear layer, filled
    /// with fixed pseudo-random values.
    template <class T>
    struct linear_batch
    {
        xest::tensor<T, xest::shape<4, 2>> x;
        xest::tensor<T, xest::shape<4, 3>> y;
        xest::expr::data_leaf<xest::expr::features_tag, T, xest::shape<4, 2>> X{nullptr};
        xest::expr::data_leaf<xest::expr::labels_tag, T, xest::shape<4, 3>> Y{nullptr};
        xest::param<"w", xest::shape<2, 3>, T> W;
        xest::param<"b", xest::shape<3>, T> b;
        linear_batch()
        {
            engine_test::fill(x, 51);
            engine_test::fill(y, 52);
            engine_test::fill(W.value, 53);
            engine_test::fill(b.value, 54);
            X.data = x.data();
            Y.data = y.data();
        }
    };
}

#endif
