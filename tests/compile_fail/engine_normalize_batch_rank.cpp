// expect: normalize_batch and nn::batch_norm take a batch of features (rank 2 or more
// normalize_batch applied to a vector: there is no batch axis to take statistics over.
#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::param<"h", xest::shape<4, 6>> h;
#else
    xest::param<"h", xest::shape<6>> h;
#endif
    auto loss = xest::mean(xest::normalize_batch(h));
    (void)loss;
}
