// expect: a feature column reads past the input's features
// An input_layer whose categorical column (index 5) lies past a 5-feature input.
#include <xestimator/features.hpp>

int main()
{
#ifdef XEST_COMPILE_FAIL_OK
    xest::features::input_layer<xest::features::numeric<"a", 0, 2>, xest::features::indicator<xest::features::categorical_identity<"c", 4, 3>>> layer;
#else
    xest::features::input_layer<xest::features::numeric<"a", 0, 2>, xest::features::indicator<xest::features::categorical_identity<"c", 5, 3>>> layer;
#endif
    xest::tensor<float, xest::shape<2, 5>> x{};
    xest::expr::data_leaf<xest::expr::features_tag, float, xest::shape<2, 5>> features{x.data()};
    auto const out = layer(features);
    return sizeof(out) > 0 ? 0 : 1;
}
