// optim::wrapper_base: a wrapper that derives from it is an optimizer whose every member is the
// wrapped rule's, except the ones it declares (here the example of docs/design.md).

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "optim_driver.hpp"

namespace xo = xest::optim;
using namespace optim_test;

namespace
{
    /// The learning rate of the wrapped rule times a factor; everything else forwarded.
    template <xo::optimizer Optimizer>
    class scale_learning_rate : public xo::wrapper_base<scale_learning_rate<Optimizer>, Optimizer>
    {
    public:
        scale_learning_rate(Optimizer opt, float factor)
            : m_opt(std::move(opt))
            , m_factor(factor)
        {
        }

        Optimizer const& wrapped() const noexcept { return m_opt; }

        float current_learning_rate(std::int64_t step) const { return m_factor * m_opt.current_learning_rate(step); }

    private:
        Optimizer m_opt;
        float m_factor;
    };

    struct no_preprocess_each
    {
        template <class F>
        void operator()(F&&) const
        {
        }
    };
}

static_assert(xo::optimizer<scale_learning_rate<xo::adam>>);
static_assert(xo::optimizer<xo::clip_by_value<scale_learning_rate<xo::ftrl>>>);
static_assert(xo::optimizer<scale_learning_rate<xo::with_moving_average<xo::adam>>>);
static_assert(xo::check_optimizer<scale_learning_rate<xo::momentum>>());
// preprocess is forwarded exactly where the wrapped rule has one.
static_assert(!xo::has_preprocess<scale_learning_rate<xo::adam>, no_preprocess_each>);
static_assert(xo::has_preprocess<scale_learning_rate<xo::clip_by_global_norm<xo::adam>>, no_preprocess_each>);
static_assert(xo::has_moving_average_v<scale_learning_rate<xo::with_moving_average<xo::adam>>>);
static_assert(std::is_same_v<scale_learning_rate<xo::adam>::context, xo::adam::context>);
// No state of its own: the wrapper is its rule and its factor.
static_assert(sizeof(scale_learning_rate<xo::gradient_descent>) == sizeof(xo::gradient_descent) + sizeof(float));

TEST_CASE_TEMPLATE("wrapper_base: an overridden current_learning_rate reaches the wrapped update", T, float, double)
{
    scale_learning_rate const opt(xo::gradient_descent{.learning_rate = 0.2f}, 0.5f);
    check_against_reference<T>(opt, [](vec& w, vec const& g, std::int64_t) {
        double const lr = double(0.5f * 0.2f);
        for (std::size_t i = 0; i < size; ++i)
        {
            w[i] -= lr * g[i];
        }
    });
}

TEST_CASE("wrapper_base: slots, validate and preprocess are the wrapped rule's")
{
    CHECK(slot_names<scale_learning_rate<xo::adam>>() == slot_names<xo::adam>());
    CHECK(slot_names<scale_learning_rate<xo::with_moving_average<xo::ftrl>>>()
          == std::vector<std::string>{"accum", "linear", "ExponentialMovingAverage"});

    scale_learning_rate const bad(xo::clip_global_norm(xo::adam{}, 0.0f), 2.0f);
    CHECK(validation_message(bad) == "xest::optim::clip_by_global_norm: clip_norm = 0 is out of range: it must be a finite number > 0");

    // Clipping inside the wrapper still clips: the gradient {3, 4} has norm 5, clipped to 1.
    scale_learning_rate const clipped(xo::clip_global_norm(xo::gradient_descent{}, 1.0f), 1.0f);
    std::array<float, 2> g{3.0f, 4.0f};
    clipped.preprocess([&](auto&& f) { f(std::span<float>(g)); });
    CHECK(g[0] == doctest::Approx(0.6f));
    CHECK(g[1] == doctest::Approx(0.8f));
}
