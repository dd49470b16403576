#ifndef XESTIMATOR_OPTIM_WITH_SCHEDULE_HPP
#define XESTIMATOR_OPTIM_WITH_SCHEDULE_HPP

/// @file
/// @brief `with_schedule<Optimizer, Schedule>`: an optimizer whose learning rate follows a
/// schedule of the step.

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>

#include "concepts.hpp"

namespace xest::optim
{
    /// @brief The update rule of `Optimizer` with the learning rate `schedule(step)`; the inner
    /// optimizer's own `learning_rate` is then unused.
    /// @tparam Optimizer the wrapped update rule (any type satisfying `optimizer`)
    /// @tparam Schedule a callable `float(std::int64_t step)`
    template <optimizer Optimizer, learning_rate_schedule Schedule>
    struct with_schedule
    {
        Optimizer opt;
        Schedule schedule;

        template <class T, std::size_t N>
        using slots = typename Optimizer::template slots<T, N>;
        using context = typename Optimizer::context;

        void validate() const
        {
            opt.validate();
            detail::validate_if_present(schedule);
        }

        float current_learning_rate(std::int64_t step) const
        {
            return static_cast<float>(schedule(step));
        }

        context prepare(std::int64_t step, float learning_rate) const
        {
            return opt.prepare(step, learning_rate);
        }

        template <class Each>
            requires has_preprocess<Optimizer, Each>
        void preprocess(Each&& each) const
        {
            opt.preprocess(each);
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value,
                    std::type_identity_t<std::span<T const, N>> grad, slots<T, N>& s) const
        {
            opt.update(ctx, value, grad, s);
        }
    };

    /// @brief Builds a `with_schedule` without naming its types (clang 14 has no CTAD for
    /// aggregates): `schedule(adam{}, cosine_decay{1e-3f, 10000})`.
    template <optimizer Optimizer, learning_rate_schedule Schedule>
    auto schedule(Optimizer opt, Schedule s)
    {
        // A deduced return type lets the constraints above, not the class's, report misuse.
        return with_schedule<Optimizer, Schedule>{std::move(opt), std::move(s)};
    }
}

#endif
