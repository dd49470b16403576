// Trains the seed model y = x·W + b (MSE, SGD) on three examples stored in flash, then prints
// the losses and the final params. The same source builds for a host (board_host.cpp), and the
// two outputs must match bit for bit when both are built with -ffp-contract=off.
#include <array>
#include <cstdint>
#include <span>

#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/init.hpp>
#include <xestimator/losses.hpp>
#include <xestimator/optim/gradient_descent.hpp>

#include "board.hpp"

namespace
{
    struct seed_linear
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::random_normal{.seed = 7}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto pred = xest::matmul(x, W) + b;
            return xest::spec(m).loss(xest::losses::mean_squared_error(y, pred)).predictions(pred);
        }
    };

    constexpr std::array<float, 3> train_x = {1.0f, 2.0f, 3.0f};
    constexpr std::array<float, 3> train_y = {2.0f, 4.0f, 5.9f};

    namespace ex = xest::expr;
    using x_leaf = ex::data_leaf<ex::features_tag, float, xest::shape<1, 1>>;
    using y_leaf = ex::data_leaf<ex::labels_tag, float, xest::shape<1, 1>>;
    using spec_type = decltype(std::declval<seed_linear const&>()(std::declval<x_leaf const&>(),
                                                                  std::declval<y_leaf const&>(), xest::mode::train{}));
    using program_type = ex::program<true, typename spec_type::loss_type>;

    struct trainer
    {
        seed_linear model{};
        xest::tensor<float, xest::shape<1, 1>> xb{};
        xest::tensor<float, xest::shape<1, 1>> yb{};
        x_leaf x{xb.data()};
        y_leaf y{yb.data()};
        spec_type spec{model(x, y, xest::mode::train{})};
        program_type program{spec.loss_expr};
    };

    trainer t;

    template <class P, class Opt>
    void update(P& p, Opt const& opt, typename Opt::context const& ctx)
    {
        typename Opt::template slots<float, P::size> none{};
        opt.update(ctx, std::span<float, P::size>(p.value.data(), P::size),
                   std::span<float const, P::size>(t.program.template gradient<P>(), P::size), none);
    }
}

int main()
{
    t.model.W.initialize(42);
    t.model.b.initialize(42);
    xest::optim::gradient_descent const opt{.learning_rate = 0.01f};
    for (std::int64_t step = 0; step < 300; ++step)
    {
        auto const i = static_cast<std::size_t>(step % 3);
        t.xb(0, 0) = train_x[i];
        t.yb(0, 0) = train_y[i];
        t.program.set_rows(1);
        t.program.template forward<0>();
        t.program.template backward<0>();
        auto const ctx = opt.prepare(step, opt.current_learning_rate(step));
        update(t.model.W, opt, ctx);
        update(t.model.b, opt, ctx);
        if (step % 50 == 0)
        {
            board::write("step ");
            board::write_uint(static_cast<std::uint32_t>(step));
            board::write_value(" loss", *t.program.template value<0>());
        }
    }
    board::write_value("weights", t.model.W.value(0, 0));
    board::write_value("bias", t.model.b.value(0));
    return 0;
}
