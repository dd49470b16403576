// expect: array_entry holds float, double or 8/16/32/64-bit integers: convert the values to one of these types first.
// A checkpoint entry made of bools.
#include <span>
#include <xestimator/io/array_entry.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    using value_type = float;
    value_type const values[2] = {1.0f, 0.0f};
#else
    using value_type = bool;
    value_type const values[2] = {true, false};
#endif
    auto e = xest::io::array_entry::from("flags", {2}, std::span<value_type const>(values));
    return e.size() == 2 ? 0 : 1;
}
