// expect: from_csv: Label must be float (targets), an integer type (class ids) or void (no labels).
// A CSV input whose label type is a string.
#include <string>
#include <xestimator/inputs/csv_input.hpp>

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        return 0;
    }
#ifdef XEST_COMPILE_FAIL_OK
    auto in = xest::inputs::from_csv<2, 2, 1, int>(argv[1], {.label_column = "label"});
#else
    auto in = xest::inputs::from_csv<2, 2, 1, std::string>(argv[1], {.label_column = "label"});
#endif
    return in.num_examples() > 0 ? 0 : 1;
}
