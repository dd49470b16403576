// The graph compiler and program: merging of pure subexpressions, position keys for nodes with
// run-time hyper-parameters, accumulation of a param's adjoint over several uses, masking of
// padding rows (set_rows), and gradient_check catching a wrong derivative.

#include <algorithm>
#include <cstdint>

#include "expr_test_support.hpp"

#include <xestimator/losses.hpp>

using namespace xest;
using engine_test::check_gradient;
using engine_test::check_values;

namespace
{
    template <class T>
    using batch = engine_test::linear_batch<T>;

    // A deliberately wrong op: forward x^2, backward x (should be 2 x).
    struct wrong_square_op : expr::op_base
    {
        using shape_type = shape<3>;
        template <class S, class T>
        void forward(expr::context const&, S&, T* out, T const* a) const noexcept
        {
            for (std::size_t i = 0; i < 3; ++i)
            {
                out[i] = a[i] * a[i];
            }
        }
        template <std::size_t I, bool Assign, class S, class T>
        void backward(expr::context const&, S&, T const* dout, T const*, T* d, T const* a) const noexcept
        {
            for (std::size_t i = 0; i < 3; ++i)
            {
                expr::put<Assign>(d[i], dout[i] * a[i]);
            }
        }
    };
}

TEST_CASE_TEMPLATE("a subexpression used by several roots is one entry, computed once", T, float, double)
{
    batch<T> d;
    auto y = matmul(d.X, d.W) + d.b;
    auto loss = losses::mean_squared_error(d.Y, y);
    // Entries in post order: Y, X, W, b, matmul + b (= y, one fused op), loss. Adding y as a
    // second root adds nothing: the root y is entry 4 of the loss's graph.
    using one = expr::program<true, decltype(loss)>;
    using two = expr::program<true, decltype(loss), decltype(y)>;
    static_assert(one::size == 6);
    static_assert(two::size == 6);
    static_assert(two::template root_index<1> == 4);

    auto prog = std::make_unique<two>(loss, y);
    prog->template forward<0, 1>();
    auto const want = engine_test::eval(y);
    std::vector<double> got(prog->template value<1>(), prog->template value<1>() + 12);
    check_values<T>(got, want);
    // Using y twice in one loss is still one entry; the gradient accumulates both uses.
    auto twice = sum(y * y) + sum(y);
    // X, W, b, y, y * y, sum, sum(y), + : y's four entries appear once.
    static_assert(expr::program<true, decltype(twice)>::size == 8);
    check_gradient<T>(twice);
}

TEST_CASE_TEMPLATE("a param used twice accumulates both contributions", T, float, double)
{
    param<"w", shape<2, 2>, T> w;
    engine_test::fill(w.value, 55);
    auto const g = engine_test::grad<decltype(w)>(sum(w * w));
    std::vector<double> two_w;
    for (auto v : w.value)
    {
        two_w.push_back(2.0 * double(v));
    }
    check_values<T>(g, two_w);
    // Uses in different subexpressions: d/dw (sum(w) + sum(3 w)) = 4.
    check_values<T>(engine_test::grad<decltype(w)>(sum(w) + sum(w * 3.0)), std::vector<double>(4, 4.0));
}

TEST_CASE_TEMPLATE("nodes with run-time hyper-parameters are kept apart by position", T, float, double)
{
    param<"a", shape<2>, T> a{init::constant{-2.0}};
    auto h = a * 0.5;
    auto t = a * 2.0;
    static_assert(std::is_same_v<decltype(h), decltype(t)>);  // one type, two values
    using prog = expr::program<false, decltype(h), decltype(t)>;
    static_assert(prog::size == 5);  // a, 0.5, a * 0.5, 2, a * 2
    auto const v = engine_test::eval_all(h, t, leaky_relu(a, 0.1), leaky_relu(a, 0.3));
    check_values<T>(v[0], {-1, -1});
    check_values<T>(v[1], {-4, -4});
    check_values<T>(v[2], {-0.2, -0.2});
    check_values<T>(v[3], {-0.6, -0.6});
}

TEST_CASE_TEMPLATE("gradient_check catches a wrong derivative", T, float, double)
{
    param<"p", shape<3>, T> p{init::constant{1.5}};
    expr::node<wrong_square_op, expr::param_leaf<decltype(p)>> bad{{}, {expr::param_leaf<decltype(p)>{&p}}};
    auto const r = gradient_check(sum(bad));
    CHECK_FALSE(r.passed);
    CHECK(r.checked == 3);
    CHECK(r.worst_param == "p");
    CHECK(engine_test::close(r.analytic, 1.5, 1e-6));
    CHECK(engine_test::close(r.numeric, 3.0, 1e-2));
    // The check restores the params it perturbs.
    for (auto v : p.value)
    {
        CHECK(v == T(1.5));
    }
}

TEST_CASE_TEMPLATE("distinct leaves of one type are refused, not merged", T, float, double)
{
    // Two params of the same name and shape, or two data leaves of the same tag and shape, are
    // one graph entry; a program over two distinct such objects is refused when it is built.
    param<"w", shape<2>, T> w1{init::constant{1.0}};
    param<"w", shape<2>, T> w2{init::constant{3.0}};
    CHECK_THROWS_WITH_AS(engine_test::eval_scalar(sum(w1 - w2)), doctest::Contains("two different params named \"w\""),
                         xest::config_error);
    // The same param used twice is fine.
    CHECK(engine_test::eval_scalar(sum(w1 - w1)) == 0.0);
    tensor<T, shape<2, 1>> y{{T(1)}, {T(2)}};
    tensor<T, shape<2, 1>> p{{T(2)}, {T(4)}};
    expr::data_leaf<expr::labels_tag, T, shape<2, 1>> Y{y.data()};
    expr::data_leaf<expr::labels_tag, T, shape<2, 1>> P{p.data()};
    CHECK_THROWS_AS(engine_test::eval_scalar(losses::mean_squared_error(Y, P)), xest::config_error);
}

TEST_CASE("param_copies: forward and backward read the copies, store() writes them back")
{
    batch<float> d;
    auto loss = losses::mean_squared_error(d.Y, matmul(d.X, d.W) + d.b);
    using program_type = expr::program<true, decltype(loss)>;
    static_assert(std::is_same_v<program_type::param_copies_type, expr::param_copies<decltype(d.W), decltype(d.b)>>);
    auto prog = std::make_unique<program_type>(loss);

    // Copies taken now, then the params change: the program run on the copies must give the
    // loss and gradients of the old values.
    auto local = prog->copy_params();
    prog->forward<0>();
    prog->backward<0>();
    float const old_loss = *prog->value<0>();
    std::vector<float> const old_grad(prog->gradient<decltype(d.W)>(), prog->gradient<decltype(d.W)>() + 6);
    auto const old_w = d.W.value;
    d.W.value += 1.0f;
    d.b.value -= 0.5f;

    prog->forward<0>(local);
    prog->backward<0>(local);
    CHECK(*prog->value<0>() == old_loss);
    CHECK(std::equal(old_grad.begin(), old_grad.end(), prog->gradient<decltype(d.W)>()));
    prog->forward<0>();
    CHECK(*prog->value<0>() != old_loss);  // the params themselves did change

    // Updating a copy changes what the program reads; store() puts it into the param.
    local.data<decltype(d.W)>()[0] += 2.0f;
    prog->forward<0>(local);
    float const moved_loss = *prog->value<0>();
    CHECK(moved_loss != old_loss);
    local.store(d.W);
    local.store(d.b);
    CHECK(d.W.value(0, 0) == old_w(0, 0) + 2.0f);
    CHECK(d.W.value(1, 2) == old_w(1, 2));
    prog->forward<0>();
    CHECK(*prog->value<0>() == moved_loss);
}

TEST_CASE("step_copies: small graphs train on copies, large ones on the params")
{
    batch<float> d;
    auto small = losses::mean_squared_error(d.Y, matmul(d.X, d.W) + d.b);  // 9 numbers
    expr::program<true, decltype(small)> p_small(small);
    static_assert(!std::is_same_v<decltype(expr::step_copies(p_small)), expr::no_param_copies>);

    param<"big", shape<2, 9>> big;
    auto large = sum(matmul(d.X, big));  // 18 numbers > step_copies_limit
    expr::program<true, decltype(large)> p_large(large);
    static_assert(std::is_same_v<decltype(expr::step_copies(p_large)), expr::no_param_copies>);
    static_assert(expr::step_copies_limit == 16);
}

TEST_CASE_TEMPLATE("every param gradient lies in one zero-padded block, in entry order", T, float, double)
{
    batch<T> d;
    auto loss = losses::mean_squared_error(d.Y, matmul(d.X, d.W) + d.b);
    using program_type = expr::program<true, decltype(loss)>;
    static_assert(program_type::has_gradient_block);
    auto prog = std::make_unique<program_type>(loss);
    prog->template forward<0>();
    prog->template backward<0>();

    auto const block = prog->gradient_block();
    T const* w = prog->template gradient<decltype(d.W)>();
    T const* b = prog->template gradient<decltype(d.b)>();
    // W (6 numbers) then b (3), each starting on a XESTIMATOR_BUFFER_ALIGNMENT boundary.
    constexpr std::size_t per_line = XESTIMATOR_BUFFER_ALIGNMENT / sizeof(T) > 0 ? XESTIMATOR_BUFFER_ALIGNMENT / sizeof(T) : 1;
    constexpr std::size_t w_room = (6 + per_line - 1) / per_line * per_line;
    constexpr std::size_t b_room = (3 + per_line - 1) / per_line * per_line;
    CHECK(block.size() == w_room + b_room);
    CHECK(w == block.data());
    CHECK(b == block.data() + w_room);
    CHECK(reinterpret_cast<std::uintptr_t>(b) % XESTIMATOR_BUFFER_ALIGNMENT == 0);
    // gradient<P>() read from the block agrees with finite differences; the padding after each
    // gradient is zero, so the block can be summed whole.
    check_gradient<T>(loss);
    for (std::size_t i = 6; i < w_room; ++i)
    {
        CHECK(block[i] == T(0));
    }
    for (std::size_t i = w_room + 3; i < block.size(); ++i)
    {
        CHECK(block[i] == T(0));
    }

    // backward from another seed scales every gradient by it (0.25: exact in binary).
    std::vector<T> const once(block.begin(), block.end());
    prog->template backward<0>(expr::no_param_copies{}, 0.25);
    for (std::size_t i = 0; i < block.size(); ++i)
    {
        CHECK(block[i] == once[i] * T(0.25));
    }
}

TEST_CASE("a graph without trainable params has an empty gradient block")
{
    non_trainable_param<"frozen", shape<2, 3>> frozen;
    engine_test::fill(frozen.value, 56);
    auto loss = sum(frozen * frozen);
    using program_type = expr::program<true, decltype(loss)>;
    static_assert(!program_type::has_gradient_block);
    auto prog = std::make_unique<program_type>(loss);
    CHECK(prog->gradient_block().empty());
}
