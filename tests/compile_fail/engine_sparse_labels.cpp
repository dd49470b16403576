// expect: sparse_softmax_cross_entropy needs integer labels <B> and logits <B, classes>
// Sparse labels given as a <4, 1> column instead of a <4> vector.
#include <xestimator/losses.hpp>

int main()
{
    xest::param<"logits", xest::shape<4, 3>> logits;
#ifdef XEST_COMPILE_FAIL_OK
    int ids[4] = {};
    xest::expr::data_leaf<xest::expr::labels_tag, int, xest::shape<4>> labels{ids};
#else
    int ids[4] = {};
    xest::expr::data_leaf<xest::expr::labels_tag, int, xest::shape<4, 1>> labels{ids};
#endif
    auto loss = xest::losses::sparse_softmax_cross_entropy(labels, logits);
    (void)loss;
}
