// expect: the member update must be callable as template <class T, std::size_t N>
// A hand-written optimizer: the update rule itself is missing. check_optimizer names the member at fault, in one error.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include <xestimator/optim/concepts.hpp>

struct my_optimizer
{
    struct context
    {
        double learning_rate;
    };

    template <class T, std::size_t N>
    struct slots
    {
        template <class F>
        void visit(F&&)
        {
        }
    };

    float current_learning_rate(std::int64_t) const
    {
        return 0.1f;
    }

    context prepare(std::int64_t, float lr) const
    {
        return {lr};
    }

#ifdef XEST_COMPILE_FAIL_OK
    template <class T, std::size_t N>
    void update(context const& ctx, std::span<T, N> value, std::type_identity_t<std::span<T const, N>> grad, slots<T, N>&) const
    {
        for (std::size_t i = 0; i < N; ++i)
        {
            value[i] -= static_cast<T>(ctx.learning_rate) * grad[i];
        }
    }
#else
#endif

    void validate() const
    {
    }
};

int main()
{
    constexpr bool ok = xest::optim::check_optimizer<my_optimizer>();
    return ok ? 0 : 1;
}
