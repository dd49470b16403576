#ifndef XESTIMATOR_METRICS_TOP_K_ACCURACY_HPP
#define XESTIMATOR_METRICS_TOP_K_ACCURACY_HPP

/// @file
/// @brief Top-K accuracy: the fraction of examples whose class is among the K highest scores
/// (tf.keras.metrics.SparseTopKCategoricalAccuracy, tf.math.in_top_k).

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include "metric.hpp"

namespace xest::metrics
{
    namespace detail
    {
        template <std::size_t K, class L, class P>
        consteval bool check_top_k()
        {
            constexpr bool ok = check_batch_value<L>() && check_batch_value<P>();
            if constexpr (ok)
            {
                static_assert(batch_traits_t<L>::rank > 0 && batch_traits_t<P>::rank > 0,
                              "top_k_accuracy needs batches (first dimension = batch), not scalars.");
                static_assert(batch_traits_t<L>::per_row == 1,
                              "top_k_accuracy needs one class id per example in the labels (<B> or <B, 1>).");
                // K = 0 is reported by the accumulator itself; one message is enough.
                static_assert(K == 0 || K <= batch_traits_t<P>::per_row,
                              "top_k_accuracy<K> needs K <= the number of classes (the scores per example "
                              "of the predictions).");
            }
            return ok;
        }

        /// tf.math.in_top_k for one example: a hit when every score is finite and fewer than K
        /// scores are strictly greater than the label's. Scores tied with the K-th largest all
        /// count as top K, so with ties more than K classes can hit.
        template <std::size_t K, std::size_t Classes, class P>
        bool in_top_k(P const& scores, std::size_t row, std::size_t label) noexcept
        {
            double const target = at(scores, row * Classes + label);
            std::size_t greater = 0;
            for (std::size_t c = 0; c < Classes; ++c)
            {
                double const s = at(scores, row * Classes + c);
                if (!std::isfinite(s))
                {
                    return false; // TensorFlow cannot say; it counts a miss
                }
                greater += s > target ? 1 : 0;
            }
            return greater < K;
        }
    }

    namespace accumulators
    {
        /// @brief The fraction of examples whose class id is among the K largest of the
        /// example's C scores (logits or probabilities: only their order matters).
        /// @tparam K how many of the highest scores count as a hit (1 <= K <= C)
        template <std::size_t K>
        class top_k_accuracy
        {
            static_assert(K >= 1, "top_k_accuracy<K> needs K >= 1 (K = 1 is accuracy).");

        public:
            void reset() noexcept
            {
                m_hits = 0.0;
                m_count = 0.0;
            }

            /// @param labels      <B> or <B, 1> class ids in [0, C)
            /// @param predictions <B, C> scores
            template <class L, class P>
            void update(std::size_t rows, L const& labels, P const& predictions)
            {
                if constexpr (detail::check_top_k<K, L, P>())
                {
                    detail::check_rows<L, P>(rows);
                    constexpr std::size_t classes = detail::batch_traits_t<P>::per_row;
                    // Counted apart, so a batch that raises leaves the totals as they were.
                    double hits = 0.0;
                    for (std::size_t r = 0; r < rows; ++r)
                    {
                        std::size_t const label = class_id(detail::at(labels, r), classes);
                        hits += detail::in_top_k<K, classes>(predictions, r, label) ? 1.0 : 0.0;
                    }
                    m_hits += hits;
                    m_count += static_cast<double>(rows);
                }
            }

            double result() const noexcept { return detail::divide_no_nan(m_hits, m_count); }

            /// @brief f(double&) on each sum of the state (metric.hpp): reducible over ranks.
            template <class F>
            void visit_sums(F&& f)
            {
                f(m_hits);
                f(m_count);
            }

        private:
            // A label that is no class id is a bug in the input, not a miss (in_top_k says false).
            static std::size_t class_id(double v, std::size_t classes)
            {
                if (!(v >= 0.0) || v >= static_cast<double>(classes) || v != std::floor(v))
                {
                    raise<input_error>("top_k_accuracy: label " + detail::format_number(v) +
                                       " is not a class id in [0, " + std::to_string(classes) + ")");
                }
                return static_cast<std::size_t>(v);
            }

            double m_hits = 0.0;
            double m_count = 0.0;
        };
    }

    /// @brief Top-K accuracy of class-id labels against C scores per example.
    /// @tparam K how many of the highest scores count as a hit
    template <std::size_t K, class L, class P>
    auto top_k_accuracy(L labels, P predictions) -> metric<accumulators::top_k_accuracy<K>, L, P>
    {
        return {{std::move(labels), std::move(predictions)}, {}};
    }
}

#endif
