// expect: the estimator's optimizer keeps no moving averages
// use_moving_averages on an estimator whose optimizer keeps none would evaluate the trained params.
#include <xestimator/xestimator.hpp>

struct linear_model
{
    xest::param<"weights", xest::shape<1, 1>> w{xest::init::zeros{}};

    template <class Mode>
    auto operator()(auto const& x, auto const& y, Mode mode) const
    {
        auto p = xest::matmul(x, w);
        return xest::spec(mode).loss(xest::losses::mean_squared_error(y, p)).predictions(p);
    }
};

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    using optimizer = xest::optim::with_moving_average<xest::optim::adam>;
#else
    using optimizer = xest::optim::adam;
#endif
    xest::in_memory_estimator<linear_model, optimizer> est({.log_step_count_steps = 0});
    auto averaged = xest::optim::use_moving_averages(est);
    return est.global_step() == 0 ? 0 : 1;
}
