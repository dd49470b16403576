// expect: array_entry holds float, double or 8/16/32/64-bit integers: copy into a span of one of these types.
// Copying a checkpoint entry into bools.
#include <span>
#include <vector>
#include <xestimator/io/array_entry.hpp>

int main()
{
    float const values[2] = {1.0f, 0.0f};
    auto e = xest::io::array_entry::from("w", {2}, std::span<float const>(values));
#ifdef XEST_COMPILE_FAIL_OK
    using value_type = float;
#else
    using value_type = bool;
#endif
    value_type out[2] = {};
    e.copy_to(std::span<value_type>(out));
    return out[0] ? 0 : 1;
}
