#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <cstdint>
#include <map>
#include <numeric>
#include <type_traits>
#include <vector>

#include <xestimator/inputs/array_input.hpp>

namespace xi = xest::inputs;

namespace
{
    // Features x(i, j) = 10 * i + j, so every row says which example it is.
    xt::xtensor<double, 2> make_features(std::size_t n, std::size_t cols)
    {
        auto x = xt::xtensor<double, 2>::from_shape({n, cols});
        for (std::size_t i = 0; i < n; ++i)
        {
            for (std::size_t j = 0; j < cols; ++j)
            {
                x(i, j) = 10.0 * static_cast<double>(i) + static_cast<double>(j);
            }
        }
        return x;
    }

    xt::xtensor<int, 1> make_class_labels(std::size_t n)
    {
        auto y = xt::xtensor<int, 1>::from_shape({n});
        for (std::size_t i = 0; i < n; ++i)
        {
            y(i) = static_cast<int>(i % 3);
        }
        return y;
    }

    // The example ids of the whole stream, batch by batch (read back from feature column 0).
    template <class Input>
    std::vector<std::vector<int>> drain(Input& in, std::size_t max_batches = 100000)
    {
        std::vector<std::vector<int>> out;
        typename Input::batch_type b;
        while (out.size() < max_batches && in.next(b))
        {
            std::vector<int> ids;
            for (std::size_t r = 0; r < b.size; ++r)
            {
                ids.push_back(static_cast<int>(b.features(r, 0) / 10.0f));
            }
            out.push_back(ids);
        }
        return out;
    }

    std::vector<int> concat(std::vector<std::vector<int>> const& batches)
    {
        std::vector<int> all;
        for (auto const& b : batches)
        {
            all.insert(all.end(), b.begin(), b.end());
        }
        return all;
    }
}

TEST_CASE("from_arrays: types and shapes of the batch")
{
    auto x = make_features(10, 3);
    auto y_int = make_class_labels(10);
    xt::xtensor<double, 1> y_float = xt::xtensor<double, 1>::from_shape({10});
    xt::xtensor<float, 2> y_wide = xt::xtensor<float, 2>::from_shape({10, 2});

    auto a = xi::from_arrays<4, 3>(x, y_int);
    using A = decltype(a);
    static_assert(A::batch_size == 4);
    static_assert(A::has_labels);
    static_assert(std::is_same_v<A::value_type, float>);
    static_assert(std::is_same_v<A::feature_shape, xest::shape<3>>);
    static_assert(std::is_same_v<A::label_type, std::int32_t>);
    static_assert(std::is_same_v<A::label_shape, xest::shape<>>);
    static_assert(std::is_same_v<A::batch_type::features_type, xest::tensor<float, xest::shape<4, 3>>>);
    static_assert(std::is_same_v<A::batch_type::labels_type, xest::tensor<std::int32_t, xest::shape<4>>>);

    auto b = xi::from_arrays<4, 3>(x, y_float);
    using B = decltype(b);
    static_assert(std::is_same_v<B::label_type, float>);
    static_assert(std::is_same_v<B::label_shape, xest::shape<1>>);
    static_assert(std::is_same_v<B::batch_type::labels_type, xest::tensor<float, xest::shape<4, 1>>>);

    auto c = xi::from_arrays<4, 3, 2>(x, y_wide);
    static_assert(std::is_same_v<decltype(c)::label_shape, xest::shape<2>>);

    auto p = xi::from_arrays<4, 3>(x);
    using P = decltype(p);
    static_assert(!P::has_labels);
    static_assert(std::is_void_v<P::label_type>);
    static_assert(!P::batch_type::has_labels);

    std::vector<float> v(5, 1.0f);
    auto d = xi::from_arrays<2>(v, v);
    static_assert(std::is_same_v<decltype(d)::feature_shape, xest::shape<1>>);
    CHECK(d.num_examples() == 5);
    CHECK(a.num_examples() == 10);
    CHECK(a.num_epochs() == 1);
}

TEST_CASE("from_arrays: lvalues are borrowed, rvalues are owned")
{
    auto x = make_features(6, 2);
    auto y = make_class_labels(6);
    auto borrowed = xi::from_arrays<6, 2>(x, y);
    x(0, 1) = 123.0; // visible through the borrowed input
    decltype(borrowed)::batch_type b;
    REQUIRE(borrowed.next(b));
    CHECK(b.features(0, 1) == 123.0f);

    auto owned = xi::from_arrays<6, 2>(make_features(6, 2), make_class_labels(6));
    decltype(owned)::batch_type c;
    REQUIRE(owned.next(c));
    CHECK(c.features(0, 1) == 1.0f);
    CHECK(c.labels(5) == 2);
}

TEST_CASE("from_arrays: the final partial batch has the right size and zero padding")
{
    auto x = make_features(10, 2);
    auto y = make_class_labels(10);
    auto in = xi::from_arrays<4, 2>(x, y);
    decltype(in)::batch_type b;
    std::vector<std::size_t> sizes;
    std::vector<int> seen;
    // Pre-fill with garbage to see that padding is written, not left over.
    b.features.fill(-7.0f);
    b.labels.fill(-7);
    while (in.next(b))
    {
        sizes.push_back(b.size);
        for (std::size_t r = 0; r < b.size; ++r)
        {
            int const id = static_cast<int>(b.features(r, 0) / 10.0f);
            seen.push_back(id);
            CHECK(b.features(r, 1) == doctest::Approx(10.0 * id + 1));
            CHECK(b.labels(r) == id % 3);
        }
    }
    CHECK(sizes == std::vector<std::size_t>{4, 4, 2});
    CHECK(seen == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(b.size == 0); // next() returned false and said so
    // The last successful batch was [8, 9, pad, pad]: replay it to inspect the padding.
    in.restore({0, 8});
    REQUIRE(in.next(b));
    CHECK(b.size == 2);
    for (std::size_t r = 2; r < 4; ++r)
    {
        CHECK(b.features(r, 0) == 0.0f);
        CHECK(b.features(r, 1) == 0.0f);
        CHECK(b.labels(r) == 0);
    }
    CHECK_FALSE(in.next(b));
    CHECK(in.exhausted());
}

TEST_CASE("from_arrays: N epochs yield every example exactly N times, batches straddle epochs")
{
    auto x = make_features(10, 1);
    for (bool shuffle : {false, true})
    {
        auto in = xi::from_arrays<4>(x, {.num_epochs = 3, .shuffle = shuffle, .seed = 5});
        auto batches = drain(in);
        std::vector<std::size_t> sizes;
        for (auto const& b : batches)
        {
            sizes.push_back(b.size());
        }
        // 30 examples in batches of 4: seven full batches (some straddling epochs) and a last one of 2.
        CHECK(sizes == std::vector<std::size_t>{4, 4, 4, 4, 4, 4, 4, 2});
        std::map<int, int> count;
        for (int id : concat(batches))
        {
            ++count[id];
        }
        REQUIRE(count.size() == 10);
        for (auto const& [id, n] : count)
        {
            CHECK(n == 3);
        }
    }
}

TEST_CASE("from_arrays: repeat never ends and keeps cycling through every example")
{
    auto x = make_features(7, 1);
    auto in = xi::from_arrays<3>(x, {.num_epochs = xi::repeat, .shuffle = true, .seed = 1});
    auto batches = drain(in, 1000);
    CHECK(batches.size() == 1000); // stopped by the cap, not by the input
    for (auto const& b : batches)
    {
        CHECK(b.size() == 3);
    }
    CHECK_FALSE(in.exhausted());
    // 3000 examples = 428 full epochs + 4: each example 428 or 429 times.
    std::map<int, int> count;
    for (int id : concat(batches))
    {
        ++count[id];
    }
    REQUIRE(count.size() == 7);
    for (auto const& [id, n] : count)
    {
        CHECK((n == 428 || n == 429));
    }
    CHECK(in.state() == xi::input_state{428, 4});
}

TEST_CASE("from_arrays: shuffle is a permutation per epoch, differs between epochs, repeats with the seed")
{
    std::size_t const n = 50;
    auto x = make_features(n, 1);
    auto epoch_orders = [&](std::uint64_t seed) {
        auto in = xi::from_arrays<n>(x, {.num_epochs = 4, .shuffle = true, .seed = seed});
        auto batches = drain(in);
        REQUIRE(batches.size() == 4); // batch = one epoch exactly
        return batches;
    };
    auto a = epoch_orders(42);
    std::vector<int> identity(n);
    std::iota(identity.begin(), identity.end(), 0);
    for (auto const& epoch : a)
    {
        auto sorted = epoch;
        std::sort(sorted.begin(), sorted.end());
        CHECK(sorted == identity);
        CHECK(epoch != identity);
    }
    CHECK(a[0] != a[1]);
    CHECK(a[1] != a[2]);
    CHECK(a[2] != a[3]);
    CHECK(epoch_orders(42) == a);
    CHECK(epoch_orders(43) != a);

    auto plain = xi::from_arrays<n>(x, {.num_epochs = 1});
    CHECK(drain(plain).front() == identity);
}

TEST_CASE("from_arrays: the shuffled order is fixed across platforms")
{
    // Pinned values, computed by an independent transcription of splitmix64 + Fisher-Yates in
    // Python: a change here means checkpoints no longer resume the same order.
    auto x = make_features(8, 1);
    auto in = xi::from_arrays<8>(x, {.num_epochs = 1, .shuffle = true, .seed = 2024});
    auto order = drain(in).front();
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
    CHECK(order == std::vector<int>{6, 3, 0, 5, 1, 7, 2, 4});
}

TEST_CASE("from_arrays: std::array and C arrays give the stream an xt::xtensor of the same data gives")
{
    // 11 examples of 2 features, x(i, j) = 10 i + j, labels i % 3; batches of 4 straddle epochs.
    std::size_t constexpr n = 11;
    auto const x = make_features(n, 2);
    auto const y = make_class_labels(n);
    std::array<std::array<float, 2>, n> ax{};
    float cx[n][2]{};
    std::array<std::int64_t, n> ay{};
    std::int32_t cy[n]{};
    for (std::size_t i = 0; i < n; ++i)
    {
        for (std::size_t j = 0; j < 2; ++j)
        {
            ax[i][j] = static_cast<float>(x(i, j));
            cx[i][j] = static_cast<float>(x(i, j));
        }
        ay[i] = y(i);
        cy[i] = y(i);
    }
    xi::options const opts{.num_epochs = 3, .shuffle = true, .seed = 5};
    auto reference = xi::from_arrays<4, 2>(x, y, opts);
    auto from_std = xi::from_arrays<4, 2>(ax, ay, opts);
    auto from_c = xi::from_arrays<4, 2>(cx, cy, opts);
    static_assert(std::is_same_v<decltype(from_std)::batch_type, decltype(reference)::batch_type>);
    static_assert(std::is_same_v<decltype(from_c)::batch_type, decltype(reference)::batch_type>);

    decltype(reference)::batch_type a;
    decltype(reference)::batch_type b;
    decltype(reference)::batch_type c;
    int batches = 0;
    while (reference.next(a))
    {
        REQUIRE(from_std.next(b));
        REQUIRE(from_c.next(c));
        CHECK(a.size == b.size);
        CHECK(a.size == c.size);
        CHECK(a.features == b.features);
        CHECK(a.features == c.features);
        CHECK(a.labels == b.labels);
        CHECK(a.labels == c.labels);
        if (++batches == 4)
        {
            // A restore into the in-place order regenerates the same permutation.
            from_std.restore(reference.state());
        }
    }
    CHECK(batches == 9); // 33 examples in batches of 4
    CHECK_FALSE(from_std.next(b));
    CHECK_FALSE(from_c.next(c));
}

TEST_CASE("from_arrays: a 1-D std::array and a T[N] are one value per example")
{
    constexpr std::array<float, 3> x = {1.0f, 2.0f, 3.0f};
    constexpr float y[3] = {2.0f, 4.0f, 6.0f};
    auto in = xi::from_arrays<2>(x, y, {.num_epochs = 1});
    decltype(in)::batch_type b;
    REQUIRE(in.next(b));
    CHECK(b.size == 2);
    CHECK(b.features(1, 0) == 2.0f);
    CHECK(b.labels(1, 0) == 4.0f);
    REQUIRE(in.next(b));
    CHECK(b.size == 1);
    CHECK(b.labels(0, 0) == 6.0f);
    CHECK(b.labels(1, 0) == 0.0f); // padding
}

TEST_CASE("from_arrays: state() and restore() mid-epoch resume the exact stream")
{
    auto x = make_features(11, 1);
    xi::options const opts{.num_epochs = 3, .shuffle = true, .seed = 9};
    auto reference = xi::from_arrays<4>(x, opts);
    auto full = concat(drain(reference));
    REQUIRE(full.size() == 33);

    auto first = xi::from_arrays<4>(x, opts);
    decltype(first)::batch_type b;
    std::vector<int> head;
    for (int i = 0; i < 4; ++i) // 16 examples: epoch 1, position 5
    {
        REQUIRE(first.next(b));
        for (std::size_t r = 0; r < b.size; ++r)
        {
            head.push_back(static_cast<int>(b.features(r, 0) / 10.0f));
        }
    }
    xi::input_state const saved = first.state();
    CHECK(saved == xi::input_state{1, 5});

    // A fresh input, as after a restart, restored from the checkpointed state.
    auto second = xi::from_arrays<4>(x, opts);
    second.restore(saved);
    auto tail = concat(drain(second));
    head.insert(head.end(), tail.begin(), tail.end());
    CHECK(head == full);

    // reset() starts over.
    second.reset();
    CHECK(second.state() == xi::input_state{});
    CHECK(concat(drain(second)) == full);
}

TEST_CASE("from_arrays: skip_batch() passes over exactly the batch next() would fill")
{
    // 11 examples, batches of 4, 3 shuffled epochs: batches straddle epochs and the last is
    // partial (33 = 8 x 4 + 1).
    auto x = make_features(11, 1);
    xi::options const opts{.num_epochs = 3, .shuffle = true, .seed = 9};
    auto reference = xi::from_arrays<4>(x, opts);
    auto batches = drain(reference);
    REQUIRE(batches.size() == 9);

    // Every other batch passed over: the batches read are the reference's 0, 2, 4, 6, 8, and
    // each skip_batch() counts the examples of the batch it passed over.
    auto in = xi::from_arrays<4>(x, opts);
    decltype(in)::batch_type b;
    for (std::size_t i = 0; i < batches.size(); ++i)
    {
        if (i % 2 == 1)
        {
            CHECK(in.skip_batch() == batches[i].size());
            continue;
        }
        REQUIRE(in.next(b));
        std::vector<int> rows;
        for (std::size_t r = 0; r < b.size; ++r)
        {
            rows.push_back(static_cast<int>(b.features(r, 0) / 10.0f));
        }
        CHECK(rows == batches[i]);
    }
    CHECK(in.state() == reference.state());
    CHECK(in.skip_batch() == 0);
    CHECK_FALSE(in.next(b));
}

TEST_CASE("from_arrays: run-time errors name the values at fault")
{
    auto x = make_features(10, 63);
    auto y = make_class_labels(10);
    auto y9 = make_class_labels(9);
    CHECK_THROWS_WITH_AS((xi::from_arrays<4, 64>(x, y)),
                         doctest::Contains("features have 63 columns, but the input was declared with NumFeatures = 64"),
                         xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_arrays<4, 63>(x, y9)),
                         doctest::Contains("features have 10 rows, but labels have 9 rows"), xest::input_error);
    xt::xtensor<float, 2> y3 = xt::xtensor<float, 2>::from_shape({10, 3});
    CHECK_THROWS_WITH_AS((xi::from_arrays<4, 63, 2>(x, y3)),
                         doctest::Contains("labels have 3 columns, but the input was declared with LabelWidth = 2"),
                         xest::input_error);
    auto empty = xt::xtensor<float, 2>::from_shape({0, 63});
    CHECK_THROWS_WITH_AS((xi::from_arrays<4, 63>(empty)), doctest::Contains("no examples"), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_arrays<4, 63>(x, {.num_epochs = 0})), doctest::Contains("num_epochs = 0"),
                         xest::input_error);
    xt::xtensor<std::int64_t, 1> big = {1, 2, std::int64_t{1} << 40};
    std::vector<float> f3(3, 0.0f);
    CHECK_THROWS_WITH_AS((xi::from_arrays<4>(f3, big)),
                         doctest::Contains("label 1099511627776 of example 2 (row 2, column 0) does not fit the std::int32_t class id"), xest::input_error);

    auto in = xi::from_arrays<4, 63>(x, y);
    CHECK_THROWS_WITH_AS(in.restore({0, 10}), doctest::Contains("position 10"), xest::input_error);
    CHECK_THROWS_WITH_AS(in.restore({-1, 0}), doctest::Contains("epoch -1"), xest::input_error);
}

TEST_CASE("from_arrays: out-of-range class ids are refused when the input is built, naming the example")
{
    std::vector<float> const x(5, 1.0f);
    std::vector<int> const seven = {0, 1, 2, 7, 1};
    std::vector<int> const negative = {0, 1, -1, 2, 1};
    std::vector<int> const fine = {0, 1, 2, 2, 1};
    CHECK_THROWS_WITH_AS((xi::from_arrays<2>(x, seven, {.num_classes = 3})),
                         doctest::Contains("label 7 of example 3 (row 3, column 0) is out of range for num_classes = 3 "
                                           "(ids 0 to 2)"),
                         xest::input_error);
    // A negative id is refused even when the input does not know the class count.
    CHECK_THROWS_WITH_AS((xi::from_arrays<2>(x, negative)),
                         doctest::Contains("label -1 of example 2 (row 2, column 0) is negative"), xest::input_error);
    CHECK_NOTHROW((xi::from_arrays<2>(x, seven))); // num_classes 0: unknown here ...
    auto const unchecked = xi::from_arrays<2>(x, seven);
    CHECK(unchecked.class_ids().max_id == 7); // ... but the largest id is known, for the model
    CHECK(unchecked.class_ids().example == 3);
    CHECK(xi::from_arrays<2>(x, x).class_ids().max_id == -1); // float labels: no class ids
    CHECK_NOTHROW((xi::from_arrays<2>(x, fine, {.num_classes = 3})));
    xt::xtensor<std::int64_t, 2> wide = {{0, 1}, {2, 3}, {1, 0}, {0, 0}, {1, 1}};
    CHECK_THROWS_WITH_AS((xi::from_arrays<2, 1, 2>(x, wide, {.num_classes = 3})),
                         doctest::Contains("label 3 of example 1 (row 1, column 1) is out of range"), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_arrays<2>(x, fine, {.num_classes = -2})), doctest::Contains("num_classes = -2"),
                         xest::input_error);
}

TEST_CASE("from_arrays: NaN, infinite and beyond-float values are refused, naming row and column")
{
    auto x = make_features(6, 3);
    x(4, 2) = std::nan("");
    CHECK_THROWS_WITH_AS((xi::from_arrays<2, 3>(x)),
                         doctest::Contains("features of example 4 (row 4, column 2): value nan is NaN"), xest::input_error);
    x(4, 2) = -HUGE_VAL;
    CHECK_THROWS_WITH_AS((xi::from_arrays<2, 3>(x)),
                         doctest::Contains("features of example 4 (row 4, column 2): value -inf is infinite"),
                         xest::input_error);
    x(4, 2) = 1e39; // finite as a double, inf as a float
    CHECK_THROWS_WITH_AS((xi::from_arrays<2, 3>(x)),
                         doctest::Contains("features of example 4 (row 4, column 2): value 1e+39 is beyond the range of float"),
                         xest::input_error);
    x(4, 2) = 3.0e38; // within float's range
    CHECK_NOTHROW((xi::from_arrays<2, 3>(x)));

    std::vector<float> const f(6, 0.5f);
    std::vector<double> y(6, 1.0);
    y[5] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS((xi::from_arrays<2>(f, y)), doctest::Contains("labels of example 5 (row 5, column 0)"),
                         xest::input_error);
    std::vector<float> nan_features(6, 0.5f);
    nan_features[0] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS((xi::from_arrays<2>(nan_features)), doctest::Contains("features of example 0"), xest::input_error);
}

TEST_CASE("take and skip split a container's rows in place, and features() and labels() give what an input reads")
{
    auto const x = make_features(10, 2);
    auto const y = make_class_labels(10);
    auto train = xi::from_arrays<4, 2>(xi::take(x, 7), xi::take(y, 7), {.num_epochs = 1});
    auto test = xi::from_arrays<4, 2>(xi::skip(x, 7), xi::skip(y, 7), {.num_epochs = 1});
    CHECK(train.num_examples() == 7);
    CHECK(test.num_examples() == 3);
    CHECK(concat(drain(train)) == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
    CHECK(concat(drain(test)) == std::vector<int>{7, 8, 9});
    // The labels follow their rows.
    CHECK(test.labels().count == 3);
    test.reset();
    decltype(test)::batch_type b;
    REQUIRE(test.next(b));
    CHECK(b.labels(0) == 7 % 3);
    CHECK(b.labels(2) == 9 % 3);

    // Past the end: take keeps every row, skip none (and an input over no rows is refused).
    CHECK(xi::take(x, 50).count == 10);
    CHECK(xi::skip(x, 50).count == 0);
    CHECK_THROWS_AS((xi::from_arrays<4, 2>(xi::skip(x, 10), xi::skip(y, 10))), xest::input_error);

    // A shuffled split is a permutation of its own rows only.
    auto shuffled = xi::from_arrays<7, 2>(xi::take(x, 7), xi::take(y, 7), {.num_epochs = 1, .shuffle = true, .seed = 3});
    auto ids = concat(drain(shuffled));
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<int>{0, 1, 2, 3, 4, 5, 6});

    // features() is the container the input holds: the same object for a borrowed one.
    auto whole = xi::from_arrays<4, 2>(x, y);
    CHECK(&whole.features() == &x);
    CHECK(&whole.labels() == &y);
}
