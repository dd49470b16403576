#ifndef XESTIMATOR_METRICS_ACCURACY_HPP
#define XESTIMATOR_METRICS_ACCURACY_HPP

/// @file
/// @brief Classification accuracy and mean per-class accuracy.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "mean.hpp"
#include "metric.hpp"

namespace xest::metrics
{
    namespace detail
    {
        // Labels hold one class per example and predictions C > 1 scores: compare with the argmax.
        template <class L, class P>
        inline constexpr bool uses_argmax_v = batch_traits_t<L>::per_row == 1 && batch_traits_t<P>::per_row > 1;

        template <class L, class P>
        consteval bool check_classification()
        {
            constexpr bool ok = check_batch_value<L>() && check_batch_value<P>();
            if constexpr (ok && batch_traits_t<L>::is_fixed && batch_traits_t<P>::is_fixed)
            {
                static_assert(batch_traits_t<L>::rank > 0 && batch_traits_t<P>::rank > 0,
                              "classification metrics need batches (first dimension = batch), not scalars.");
                static_assert(batch_traits_t<L>::per_row == batch_traits_t<P>::per_row || uses_argmax_v<L, P>,
                              "predictions must hold either as many values per example as the labels (class ids), "
                              "or C > 1 scores per example against one class id per example (compared by argmax).");
            }
            return ok;
        }

        /// The predicted class of row `r`: the value itself, or the index of the first maximum
        /// (tf.argmax) of C scores.
        template <class L, class P>
        double predicted_value(P const& predictions, std::size_t r, std::size_t j) noexcept
        {
            if constexpr (uses_argmax_v<L, P>)
            {
                (void)j;
                constexpr std::size_t c = batch_traits_t<P>::per_row;
                std::size_t best = 0;
                double best_value = at(predictions, r * c);
                for (std::size_t k = 1; k < c; ++k)
                {
                    double const v = at(predictions, r * c + k);
                    if (v > best_value)
                    {
                        best = k;
                        best_value = v;
                    }
                }
                return static_cast<double>(best);
            }
            else
            {
                return at(predictions, r * batch_traits_t<P>::per_row + j);
            }
        }
    }

    namespace accumulators
    {
        /// @brief The fraction of label values equal to the predicted values (tf.compat.v1.metrics.accuracy);
        /// with one label per example and C > 1 predictions per example, the prediction is the argmax.
        class accuracy
        {
        public:
            void reset() noexcept
            {
                m_correct = 0.0;
                m_count = 0.0;
            }

            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_classification<L, P>())
                {
                    detail::check_rows<L, P>(rows);
                    constexpr std::size_t width = detail::batch_traits_t<L>::per_row;
                    for (std::size_t r = 0; r < rows; ++r)
                    {
                        for (std::size_t j = 0; j < width; ++j)
                        {
                            double const y = detail::at(labels, r * width + j);
                            m_correct += y == detail::predicted_value<L>(predictions, r, j) ? 1.0 : 0.0;
                        }
                    }
                    m_count += static_cast<double>(rows * width);
                }
            }

            double result() const noexcept { return detail::divide_no_nan(m_correct, m_count); }

            /// @brief f(double&) on each sum of the state (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_correct);
                f(m_count);
            }

        private:
            double m_correct = 0.0;
            double m_count = 0.0;
        };

        /// @brief Recall of each class (correct / examples of that class), averaged over the classes
        /// that occur in the labels.
        /// @tparam NumClasses class ids are 0 .. NumClasses - 1
        template <std::size_t NumClasses>
        class mean_per_class_accuracy
        {
            static_assert(NumClasses >= 2, "mean_per_class_accuracy needs NumClasses >= 2.");

        public:
            void reset() noexcept
            {
                m_correct.fill(0.0);
                m_total.fill(0.0);
            }

            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_classification<L, P>())
                {
                    static_assert(detail::batch_traits_t<L>::per_row == 1,
                                  "mean_per_class_accuracy needs one class id per example in the labels.");
                    static_assert(!detail::uses_argmax_v<L, P> || detail::batch_traits_t<P>::per_row == NumClasses,
                                  "mean_per_class_accuracy: predictions with scores must hold NumClasses scores per "
                                  "example.");
                    detail::check_rows<L, P>(rows);
                    for (std::size_t r = 0; r < rows; ++r)
                    {
                        std::size_t const y = class_id(detail::at(labels, r), "label");
                        std::size_t const p = class_id(detail::predicted_value<L>(predictions, r, 0), "prediction");
                        m_total[y] += 1.0;
                        m_correct[y] += y == p ? 1.0 : 0.0;
                    }
                }
            }

            double result() const noexcept
            {
                double sum = 0.0;
                double present = 0.0;
                for (std::size_t c = 0; c < NumClasses; ++c)
                {
                    if (m_total[c] > 0.0)
                    {
                        sum += m_correct[c] / m_total[c];
                        present += 1.0;
                    }
                }
                return detail::divide_no_nan(sum, present);
            }

            /// @brief Recall of class `c` (0 when it never occurred).
            double class_accuracy(std::size_t c) const noexcept { return detail::divide_no_nan(m_correct[c], m_total[c]); }

            /// @brief f(double&) on each per-class count (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                for (double& v : m_correct)
                {
                    f(v);
                }
                for (double& v : m_total)
                {
                    f(v);
                }
            }

        private:
            static std::size_t class_id(double v, char const* what)
            {
                if (!(v >= 0.0) || v >= static_cast<double>(NumClasses) || v != std::floor(v))
                {
                    raise<input_error>(std::string("mean_per_class_accuracy: ") + what + " " + detail::format_number(v) +
                                       " is not a class id in [0, " + std::to_string(NumClasses) + ")");
                }
                return static_cast<std::size_t>(v);
            }

            std::array<double, NumClasses> m_correct{};
            std::array<double, NumClasses> m_total{};
        };
    }

    /// @brief Accuracy: labels equal to predictions, or to the argmax of C scores per example.
    template <class L, class P>
    auto accuracy(L labels, P predictions) -> metric<accumulators::accuracy, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }

    /// @brief Per-class recall averaged over the classes present in the labels.
    /// @tparam NumClasses the number of classes
    template <std::size_t NumClasses, class L, class P>
    auto mean_per_class_accuracy(L labels, P predictions)
        -> metric<accumulators::mean_per_class_accuracy<NumClasses>, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
