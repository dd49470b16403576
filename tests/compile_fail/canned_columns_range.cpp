// expect: columns<Begin, Count> must lie inside the input's feature columns.
// A wide-and-deep part reading columns 2 and 3 of an input of 3 columns (columns<2, 2>).
#include <cstdint>

#include <xestimator/canned/dnn_linear_combined.hpp>
#include <xestimator/inputs.hpp>

int main()
{
    using namespace xest::canned;
#ifdef XEST_COMPILE_FAIL_OK
    using dnn_part = columns<1, 2>;
#else
    using dnn_part = columns<2, 2>;
#endif
    xt::xtensor<float, 2> x = xt::zeros<float>({4, 3});
    xt::xtensor<std::int32_t, 1> y = xt::zeros<std::int32_t>({4});
    auto in = xest::inputs::from_arrays<4, 3>(x, y);
    dnn_linear_combined_classifier<3, hidden<4>, 2, xest::optim::adagrad, xest::nn::relu, columns<0, 1>, dnn_part> est(
        {.log_step_count_steps = 0});
    return est.evaluate(in).loss >= 0.0 ? 0 : 1;
}
