#ifndef XESTIMATOR_METRICS_METRIC_HPP
#define XESTIMATOR_METRICS_METRIC_HPP

/// @file
/// @brief `metric<Accumulator, Inputs...>`: what a model's spec holds for one evaluation metric,
/// and the accumulator protocol the estimator drives.
///
/// The estimator evaluates the stored input expressions for each batch and calls
/// `update(rows, values...)` on an accumulator; `result()` is read at the end of evaluation.
///
/// An accumulator may also offer `template <class F> void visit_sums(F&& f)`, calling `f(double&)`
/// on each double of its state (every element of an array state), always in the same order. Its
/// state must be sums, so that adding the visited values of several accumulators element by
/// element gives the state of one accumulator that saw all their rows: that is how evaluate()
/// over a `distribute::shard` combines the ranks (docs/distributed.md). Settings, such as a
/// threshold, are not state and are not visited.

#include <concepts>
#include <cstdio>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>

#include "../core/error.hpp"
#include "../core/xtensor.hpp"

namespace xest::metrics
{
    /// @brief Satisfied by a streaming accumulator: `reset()`, `result()`, and (not checkable
    /// here, because it is a template) `update(std::size_t rows, values...)`.
    template <class A>
    concept accumulator = std::copyable<A> && requires(A& a, A const& c) {
        a.reset();
        { c.result() } -> std::convertible_to<double>;
    };

    /// @brief Satisfied by an accumulator whose state can be summed over processes:
    /// `template <class F> void visit_sums(F&& f)` calls `f(double&)` on each of its sums.
    template <class A>
    concept reducible_accumulator = accumulator<A> && requires(A& a, void (*f)(double&)) { a.visit_sums(f); };

    /// @brief An evaluation metric: the expressions whose per-batch values feed it, and the
    /// accumulator (with its settings, such as a threshold) that folds them into one number.
    /// @tparam Accumulator the streaming accumulator type (see `accumulators::`)
    /// @tparam Inputs      the expression types, stored by value
    template <class Accumulator, class... Inputs>
    struct metric
    {
        static_assert(accumulator<Accumulator>,
                      "a metric's Accumulator needs void reset(), double result() const and "
                      "void update(std::size_t rows, values...).");

        using accumulator_type = Accumulator;
        static constexpr std::size_t arity = sizeof...(Inputs);

        /// @brief The expressions, in the order `update` receives their values.
        std::tuple<Inputs...> inputs;
        /// @brief A configured, reset accumulator: copy it to evaluate (a default-constructed
        /// `accumulator_type` would lose settings such as a threshold).
        Accumulator accumulator{};

        /// @brief A fresh accumulator with this metric's settings.
        accumulator_type make_accumulator() const { return accumulator; }
    };

    template <class T>
    inline constexpr bool is_metric_v = false;
    template <class A, class... I>
    inline constexpr bool is_metric_v<metric<A, I...>> = true;

    namespace detail
    {
        // What an accumulator needs from a batch value: element type, rows, values per row.
        template <class T>
        struct batch_value_traits
        {
            static constexpr bool is_fixed = false;
        };
        template <class V, std::size_t... N, xt::layout_type L, bool SH>
        struct batch_value_traits<xt::xfixed_container<V, xt::fixed_shape<N...>, L, SH>>
        {
            static constexpr bool is_fixed = true;
            static constexpr bool row_major = L == xt::layout_type::row_major || sizeof...(N) <= 1;
            using value_type = V;
            static constexpr std::size_t rank = sizeof...(N);
            static constexpr std::size_t size = (std::size_t{1} * ... * N);
            // A scalar (rank 0) is one row holding one value.
            static constexpr std::size_t dims[rank + 1] = {N..., 0};
            static constexpr std::size_t batch = rank == 0 ? 1 : dims[0];
            static constexpr std::size_t per_row = batch == 0 ? 0 : size / batch;
        };

        template <class T>
        using batch_traits_t = batch_value_traits<std::remove_cvref_t<T>>;

        /// Compile-time check shared by every accumulator: true when T can be read.
        template <class T>
        consteval bool check_batch_value()
        {
            static_assert(batch_traits_t<T>::is_fixed,
                          "a metric receives each value as an xt::xtensor_fixed (xest::tensor) whose first "
                          "dimension is the batch.");
            if constexpr (batch_traits_t<T>::is_fixed)
            {
                static_assert(batch_traits_t<T>::row_major,
                              "a metric reads rows from row-major storage: use a row-major xest::tensor.");
                static_assert(std::is_arithmetic_v<typename batch_traits_t<T>::value_type>,
                              "a metric's values must have an arithmetic element type.");
                return batch_traits_t<T>::row_major && std::is_arithmetic_v<typename batch_traits_t<T>::value_type>;
            }
            else
            {
                return false; // the accumulator reads nothing more of T: one message
            }
        }

        /// The first `rows` rows count; more rows than the batch holds is a caller's bug.
        template <class... T>
        void check_rows(std::size_t rows)
        {
            constexpr std::size_t batches[] = {batch_traits_t<T>::batch...};
            constexpr std::size_t ranks[] = {batch_traits_t<T>::rank...};
            for (std::size_t i = 0; i < sizeof...(T); ++i)
            {
                std::size_t const b = batches[i];
                if (ranks[i] == 0)
                {
                    continue; // a scalar stands for the whole batch
                }
                if (rows > b)
                {
                    raise<input_error>("metric update with " + std::to_string(rows) + " rows, but the batch holds " +
                                       std::to_string(b));
                }
            }
        }

        /// How many values of `T` the first `rows` rows hold (a scalar counts once per non-empty batch).
        template <class T>
        constexpr std::size_t valid_count(std::size_t rows) noexcept
        {
            if constexpr (batch_traits_t<T>::rank == 0)
            {
                return rows > 0 ? 1 : 0;
            }
            else
            {
                return rows * batch_traits_t<T>::per_row;
            }
        }

        /// Element `k` of the valid region (row-major), converted to double.
        template <class T>
        double at(T const& t, std::size_t k) noexcept
        {
            return static_cast<double>(t.data()[k]);
        }

        /// A value for a message: shortest form ("5", "0.25"), not std::to_string's "5.000000".
        inline std::string format_number(double v)
        {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.9g", v);
            return buf;
        }

        /// tf.math.divide_no_nan: 0 where the denominator is 0 (TensorFlow's empty-metric value).
        inline double divide_no_nan(double num, double den) noexcept { return den == 0.0 ? 0.0 : num / den; }
    }
}

#endif
