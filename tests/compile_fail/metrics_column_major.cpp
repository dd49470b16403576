// expect: a metric reads rows from row-major storage: use a row-major xest::tensor.
// A column-major fixed tensor given to a metric.
#include <xestimator/core/xtensor.hpp>
#include <xestimator/metrics/mean.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xt::xtensor_fixed<float, xt::xshape<2, 3>, xt::layout_type::row_major> values = {{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}};
#else
    xt::xtensor_fixed<float, xt::xshape<2, 3>, xt::layout_type::column_major> values = {{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}};
#endif
    xest::metrics::accumulators::mean m;
    m.update(2, values);
    return m.result() >= 0.0 ? 0 : 1;
}
