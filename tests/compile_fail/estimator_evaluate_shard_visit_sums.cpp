// expect: xestimator: evaluate() over a distribute::shard sums every metric's state over the ranks: each metric accumulator needs template <class F> void visit_sums(F&& f) calling f(double&) on each of its sums
// Evaluating over a sharded input (here a one-process stand-in for distribute::shard, which
// needs MPI) a model whose custom metric cannot be summed over the ranks.
#include <cstddef>
#include <cstdint>
#include <span>

#include <xestimator/xestimator.hpp>

struct largest
{
    double m = 0.0;
    void reset() { m = 0.0; }
    template <class V>
    void update(std::size_t, V const&)
    {
    }
    double result() const { return m; }
#ifdef XEST_COMPILE_FAIL_OK
    template <class F>
    void visit_sums(F&& f)
    {
        f(m);
    }
#endif
};

struct linear_model
{
    xest::param<"w", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        return xest::spec(mode)
            .loss(xest::losses::mean_squared_error(y, p))
            .predictions(p)
            .eval_metric("largest", xest::metrics::metric<largest, decltype(p)>{{p}, {}});
    }
};

// What evaluate() sees of distribute::shard: an input with sum_over_shards.
template <class Input>
struct one_process_shard
{
    using batch_type = typename Input::batch_type;
    static constexpr bool has_labels = Input::has_labels;
    Input& input;
    bool next(batch_type& b) { return input.next(b); }
    void reset() { input.reset(); }
    std::int64_t num_epochs() const { return input.num_epochs(); }
    std::size_t num_examples() const { return input.num_examples(); }
    void sum_over_shards(std::span<double>) const {}
};

int main()
{
    xt::xtensor<float, 1> x = {1.0f, 2.0f};
    xt::xtensor<float, 1> y = {2.0f, 4.0f};
    xest::estimator<linear_model, xest::optim::gradient_descent> est({.log_step_count_steps = 0});
    auto all = xest::inputs::from_arrays<1>(x, y);
    one_process_shard<decltype(all)> mine{all};
    return est.evaluate(mine).loss >= 0.0 ? 0 : 1;
}
