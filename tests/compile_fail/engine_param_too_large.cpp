// expect: This param is larger than xest::max_stack_tensor_bytes: split it or raise the limit.
// A 2048 x 1024 float param (8 MiB) over the 4 MiB limit of tensors held by value.
#include <xestimator/expr.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    using big = xest::param<"w", xest::shape<1024, 1024>>;
#else
    using big = xest::param<"w", xest::shape<2048, 1024>>;
#endif
    return sizeof(big) > 0 ? 0 : 1;
}
