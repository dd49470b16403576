// expect: a metric's Accumulator needs void reset(), double result() const and void update(std::size_t rows, values...).
// A custom accumulator whose result() is not const.
#include <cstddef>

#include <xestimator/expr.hpp>
#include <xestimator/metrics/metric.hpp>

struct max_abs
{
    double m = 0.0;
    void reset() { m = 0.0; }
    template <class V>
    void update(std::size_t, V const&)
    {
    }
#ifdef XEST_COMPILE_FAIL_OK
    double result() const { return m; }
#else
    double result() { return m; }
#endif
};

int main()
{
    xest::param<"p", xest::shape<4>> p;
    xest::metrics::metric<max_abs, decltype(p)> metric{{p}, {}};
    return metric.make_accumulator().result() == 0.0 ? 0 : 1;
}
