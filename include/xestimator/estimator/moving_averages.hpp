#ifndef XESTIMATOR_ESTIMATOR_MOVING_AVERAGES_HPP
#define XESTIMATOR_ESTIMATOR_MOVING_AVERAGES_HPP

/// @file
/// @brief `xest::optim::use_moving_averages(est)`: while the returned guard lives, the
/// estimator's params hold the moving averages kept by optim::with_moving_average, so evaluate(),
/// predict() and exports use the averaged weights (TF's ema.variables_to_restore() for an eval
/// Saver). The guard's destructor puts the trained params back, bit for bit.

#include <cstddef>
#include <type_traits>

#include "../optim/moving_average.hpp"
#include "model_params.hpp"
#include "training_state.hpp"

namespace xest::optim
{
    /// @brief Holds the trained params of an estimator while its model holds the averages (see
    /// the file comment). Made by use_moving_averages(); neither copied nor moved.
    ///
    /// Do not train inside its scope: the destructor restores the params as they were when it
    /// was made. A param whose average was never set (no update has reached it yet, or the
    /// checkpoint it was restored from had no average) keeps its own value.
    /// @tparam Estimator an xest::estimator (or in_memory_estimator, canned estimator) whose
    ///         optimizer keeps moving averages
    template <class Estimator>
    class [[nodiscard]] moving_averages_guard
    {
        using model_type = typename Estimator::model_type;
        using params_type = model_params_t<model_type>;

    public:
        explicit moving_averages_guard(Estimator& est)
            : m_estimator(est)
        {
            *m_trained = est.model();
            auto const& slots = *est.state().slots;
            for_each_model_param(est.model(),
                                 [&](auto& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     auto const& s = std::get<param_index<P, params_type>::value>(slots);
                                     // Non-trainable params have no slots, hence no average.
                                     if constexpr (detail::is_moving_average_slots_v<std::remove_cvref_t<decltype(s)>>)
                                     {
                                         if (s.is_set())
                                         {
                                             for (std::size_t i = 0; i < P::size; ++i)
                                             {
                                                 p.value.data()[i] = s.shadow[i];
                                             }
                                         }
                                     }
                                 });
        }

        moving_averages_guard(moving_averages_guard const&) = delete;
        moving_averages_guard& operator=(moving_averages_guard const&) = delete;

        ~moving_averages_guard()
        {
            m_estimator.model() = *m_trained;
        }

    private:
        Estimator& m_estimator;
        // A copy of the whole model: on the heap when large, as the estimator's own (box).
        xest::detail::box<model_type> m_trained{};
    };

    /// @brief Swaps the averages into `est`'s params until the returned guard is destroyed:
    /// `{ auto averaged = xest::optim::use_moving_averages(est); est.evaluate(input); }`.
    template <class Estimator>
    [[nodiscard]] moving_averages_guard<Estimator> use_moving_averages(Estimator& est)
    {
        // Without this check the guard would compile and silently evaluate the trained params.
        static_assert(has_moving_average_v<typename Estimator::optimizer_type>,
                      "xest::optim::use_moving_averages: the estimator's optimizer keeps no moving averages; "
                      "wrap its update rule, e.g. xest::optim::moving_average(xest::optim::adam{}, 0.999f).");
        return moving_averages_guard<Estimator>(est);
    }
}

#endif
