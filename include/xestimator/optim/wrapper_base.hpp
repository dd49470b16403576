#ifndef XESTIMATOR_OPTIM_WRAPPER_BASE_HPP
#define XESTIMATOR_OPTIM_WRAPPER_BASE_HPP

/// @file
/// @brief `wrapper_base<Derived, Optimizer>`: the optimizer protocol (optim/concepts.hpp)
/// forwarded to a wrapped rule, for a wrapper class that owns the rule and returns it from
/// `wrapped()`. The wrapper declares only what it changes; its declaration hides the base's.
///
/// For classes with constructors (distribute::mpi). The aggregate wrappers (clipping,
/// with_schedule, with_moving_average) cannot derive from it: a base class is the first element
/// of an aggregate, so `clip_by_value<O>{opt, lo, hi}` would stop compiling and
/// `{.opt = ..., ...}` would leave the base without initializer (-Wmissing-field-initializers).

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "concepts.hpp"

namespace xest::optim
{
    /// @brief Forwards every member of the optimizer protocol to `Derived::wrapped()`.
    ///
    /// Each member is a direct, non-virtual call that inlines to the wrapped rule's own.
    /// `preprocess` exists only where the wrapped rule has one, so `has_preprocess` stays exact.
    /// @tparam Derived the wrapper; it must declare `Optimizer const& wrapped() const noexcept`
    /// @tparam Optimizer the wrapped update rule
    template <class Derived, optimizer Optimizer>
    class wrapper_base
    {
    public:
        using optimizer_type = Optimizer;
        using context = typename Optimizer::context;
        template <class T, std::size_t N>
        using slots = typename Optimizer::template slots<T, N>;

        void validate() const { inner().validate(); }

        float current_learning_rate(std::int64_t step) const { return inner().current_learning_rate(step); }

        context prepare(std::int64_t step, float learning_rate) const { return inner().prepare(step, learning_rate); }

        template <class Each>
            requires has_preprocess<Optimizer, Each>
        void preprocess(Each&& each) const
        {
            inner().preprocess(each);
        }

        float loss_gradient_scale() const
            requires has_loss_gradient_scale<Optimizer>
        {
            return inner().loss_gradient_scale();
        }

        template <class T, std::size_t N>
        void update(context const& ctx, std::span<T, N> value, std::type_identity_t<std::span<T const, N>> grad,
                    slots<T, N>& s) const
        {
            inner().update(ctx, value, grad, s);
        }

    protected:
        // Protected special members: a wrapper_base is only ever a base (xtensor's xexpression).
        wrapper_base() = default;
        ~wrapper_base() = default;
        wrapper_base(wrapper_base const&) = default;
        wrapper_base(wrapper_base&&) = default;
        wrapper_base& operator=(wrapper_base const&) = default;
        wrapper_base& operator=(wrapper_base&&) = default;

        /// @brief The wrapped rule, for the members a wrapper overrides.
        Optimizer const& inner() const noexcept { return static_cast<Derived const&>(*this).wrapped(); }
    };
}

#endif
