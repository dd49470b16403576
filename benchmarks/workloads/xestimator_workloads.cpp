// Workloads W1, W2, W3, W4 (benchmarks/README.md) trained by xest::estimator::train.
//
//   xestimator_workloads --workload W1|W2|W3|W4 [--contender xestimator|xestimator+hook|xestimator+emptyhook|xestimator-engine]
//                        [--smoke] [--steps N] [--data DIR]
//
// xestimator-engine is not estimator::train but its graph, input and optimizer driven by a bare
// loop: the difference to xestimator is the cost of the training loop's bookkeeping.
// Prints one RESULT line. Built with -DXEST_BENCH_W2_ONLY it holds W2 alone (the program whose
// compile cost benchmarks/run.sh reports: estimator, hooks, input, evaluation). The timed region is the train() call only (it includes building the
// training graph once, which is part of every train() call). Before the timed run, a separate
// estimator measures heap allocations per step after the first: the allocations of
// train(1 + M steps) minus those of train(1 step), divided by M (the per-call set-up cancels).
#include <cstdint>
#include <memory>
#include <span>
#include <tuple>
#include <type_traits>
#include <cstdio>
#include <string>
#include <vector>

#include <xestimator/xestimator.hpp>

#include "../common/alloc_counter.hpp"
#include "../common/digits.hpp"
#include "../common/models.hpp"
#include "../common/result.hpp"
#include "../common/weights.hpp"

#ifndef XEST_BENCH_DATA_DIR
#define XEST_BENCH_DATA_DIR "benchmarks/data"
#endif

namespace
{
    using bench::awkward;
    using bench::mlp;
    using bench::seed_linear;
    using bench::wide;

    xest::run_config quiet() { return {.log_step_count_steps = 0}; }

    template <class Param>
    void set_glorot(Param& p, std::size_t fan_in, std::size_t fan_out, std::uint64_t seed)
    {
        bench::glorot_uniform(xest::flat(p.value), fan_in, fan_out, seed);
    }

    template <class Param>
    void set_zero(Param& p)
    {
        for (auto& v : xest::flat(p.value)) v = 0.0f;
    }

    // The hooks a run may carry.
    struct hooks_choice
    {
        bool sum = false;
        bool empty = false;
        bool engine = false;  // not estimator::train: the engine loop (engine_loop)
    };

    hooks_choice hooks_of(std::string const& contender)
    {
        if (contender.empty() || contender == "xestimator") return {};
        if (contender == "xestimator+hook") return {.sum = true};
        if (contender == "xestimator+emptyhook") return {.empty = true};
        if (contender == "xestimator-engine") return {.engine = true};
        std::fprintf(stderr, "unknown contender %s (xestimator, xestimator+hook, xestimator+emptyhook, xestimator-engine)\n",
                     contender.c_str());
        std::exit(2);
    }

    // The estimator's training step without the estimator: its training graph
    // (xest::detail::train_graph, an internal type), the same input, the optimizer protocol,
    // small params in loop-local copies as estimator::train keeps them (expr::step_copies), and
    // no step bookkeeping or hook dispatch. Measures what the loop around the step costs.
    // Not inlined, as the estimator's own loop: the set-up around it would change how the
    // compiler allocates the loop's registers.
    template <class Est, class Input>
    [[gnu::noinline]] void engine_loop(Est& est, Input& input, std::int64_t n)
    {
        using model_type = typename Est::model_type;
        using params_type = typename Est::params_type;
        using graph_type = xest::detail::train_graph<model_type, Input>;
        using program_type = typename graph_type::program_type;
        using opt_type = typename Est::optimizer_type;
        auto& model = est.model();
        auto g = std::make_unique<graph_type>(model);
        opt_type const opt = est.optimizer();
        auto state = std::make_unique<xest::slots_t<model_type, opt_type>>();
        auto local = xest::expr::step_copies(g->program);
        for (std::int64_t step = 0; step < n; ++step)
        {
            if (!input.next(g->batch)) break;
            g->program.set_rows(g->batch.size);
            g->program.template forward<0>(local);
            g->program.template backward<0>(local);
            float const lr = opt.current_learning_rate(step);
            auto const ctx = opt.prepare(step, lr);
            xest::for_each_model_param(model,
                                       [&](auto& p)
                                       {
                                           using P = std::remove_cvref_t<decltype(p)>;
                                           if constexpr (program_type::template has_gradient<P>())
                                           {
                                               auto& sl = std::get<xest::param_index<P, params_type>::value>(*state);
                                               opt.update(ctx, std::span<float, P::size>(xest::expr::values_for(local, p), P::size),
                                                          std::span<float const, P::size>(g->program.template gradient<P>(), P::size), sl);
                                           }
                                       });
        }
        xest::for_each_model_param(model, [&](auto& p) { xest::expr::write_through(local, p); });
    }

    // Runs est.train(input, steps{n}) with the chosen hook; returns the loss sum (sum hook only).
    template <class Est, class Input>
    double train_with(Est& est, Input& input, std::int64_t n, hooks_choice h)
    {
        double sum = 0.0;
        if (h.engine)
        {
            engine_loop(est, input, n);
        }
        else if (h.sum)
        {
            est.train(input, xest::steps{n}, [&sum](xest::step_info const& s) { sum += s.loss; });
        }
        else if (h.empty)
        {
            est.train(input, xest::steps{n}, [](xest::step_info const&) {});
        }
        else
        {
            est.train(input, xest::steps{n});
        }
        return sum;
    }

    // Allocations per step after the first (see the file comment).
    template <class MakeEst, class MakeInput>
    double allocs_per_step(MakeEst make_est, MakeInput make_input, std::int64_t m, hooks_choice h)
    {
        auto count = [&](std::int64_t steps)
        {
            auto est = make_est();
            auto input = make_input();
            std::int64_t const before = bench::allocations();
            train_with(*est, input, steps, h);
            return bench::allocations() - before;
        };
        std::int64_t const one = count(1);
        std::int64_t const more = count(1 + m);
        return static_cast<double>(more - one) / static_cast<double>(m);
    }

    std::string contender_name(bench::options const& o)
    {
        // The same program built with XESTIMATOR_USE_CBLAS reports itself as xestimator+cblas.
        return o.contender.empty() ? (xest::expr::detail::has_cblas ? "xestimator+cblas" : "xestimator") : o.contender;
    }

#ifndef XEST_BENCH_W2_ONLY
    // ---- W1 -----------------------------------------------------------------------------------

    int run_w1(bench::options const& o)
    {
        hooks_choice const h = hooks_of(o.contender);
        std::vector<float> const x = {1.0f, 2.0f, 3.0f};
        std::vector<float> const y = {2.0f, 4.0f, 5.9f};
        auto make_input = [&] { return xest::inputs::from_arrays<1>(x, y, {.num_epochs = xest::inputs::repeat, .shuffle = false}); };
        auto make_est = [&]
        {
            auto est = std::make_unique<xest::estimator<seed_linear, xest::optim::gradient_descent>>(
                quiet(), xest::optim::gradient_descent{.learning_rate = 0.01f});
            est->model().W.value(0, 0) = 0.5f;
            est->model().b.value(0) = 0.0f;
            return est;
        };
        double const allocs = allocs_per_step(make_est, make_input, 1000, h);

        std::int64_t const n = bench::steps_for(o);
        auto est = make_est();
        auto input = make_input();
        bench::timer t;
        double const sum = train_with(*est, input, n, h);
        t.stop();
        std::string extra = "W:" + bench::fmt("%.6f", est->model().W.value(0, 0)) +
                            ",b:" + bench::fmt("%.6f", est->model().b.value(0)) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (h.sum) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(contender_name(o).c_str(), "W1", t, n, extra);
        return 0;
    }

#endif

    // ---- W2 -----------------------------------------------------------------------------------

    int run_w2(bench::options const& o)
    {
        hooks_choice const h = hooks_of(o.contender);
        bench::digits const d = bench::load_digits(o.data_dir);
        auto train_x = xt::xtensor<float, 2>::from_shape({bench::digits::used_train_rows, bench::digits::features});
        std::copy(d.train_x.begin(), d.train_x.end(), train_x.data());
        auto test_x = xt::xtensor<float, 2>::from_shape({bench::digits::test_rows, bench::digits::features});
        std::copy(d.test_x.begin(), d.test_x.end(), test_x.data());

        auto make_input = [&] { return xest::inputs::from_arrays<32, 64>(train_x, d.train_y, {.num_epochs = xest::inputs::repeat, .shuffle = false}); };
        auto make_est = [&]
        {
            auto est = std::make_unique<xest::estimator<mlp, xest::optim::adam>>(
                quiet(), xest::optim::adam{.learning_rate = 1e-3f, .beta_1 = 0.9f, .beta_2 = 0.999f, .epsilon = 1e-7f});
            auto& m = est->model();
            set_glorot(m.h.kernel, 64, 32, bench::w2_hidden_seed);
            set_zero(m.h.bias);
            set_glorot(m.o.kernel, 32, 10, bench::w2_out_seed);
            set_zero(m.o.bias);
            return est;
        };
        double const allocs = allocs_per_step(make_est, make_input, 100, h);

        std::int64_t const n = bench::steps_for(o);
        auto est = make_est();
        auto input = make_input();
        bench::timer t;
        double const sum = train_with(*est, input, n, h);
        t.stop();

        auto test_in = xest::inputs::from_arrays<32, 64>(test_x, d.test_y);
        auto const r = est->evaluate(test_in);
        std::string extra = "test_acc:" + bench::fmt("%.4f", r["accuracy"]) + ",test_loss:" + bench::fmt("%.4f", r.loss) +
                            ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (h.sum) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(contender_name(o).c_str(), "W2", t, n, extra);
        return 0;
    }

#ifndef XEST_BENCH_W2_ONLY
    // ---- W3 -----------------------------------------------------------------------------------

    int run_w3(bench::options const& o)
    {
        hooks_choice const h = hooks_of(o.contender);
        constexpr std::size_t pool = 1280;
        auto xs = xt::xtensor<float, 2>::from_shape({pool, 784});
        bench::uniform(std::span<float>(xs.data(), xs.size()), 0.0f, 1.0f, bench::w3_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i)
        {
            ys[i] = static_cast<std::int32_t>(10.0f * bench::uniform01(bench::w3_y_seed, i));
        }
        auto make_input = [&] { return xest::inputs::from_arrays<64, 784>(xs, ys, {.num_epochs = xest::inputs::repeat, .shuffle = false}); };
        auto make_est = [&]
        {
            auto est = std::make_unique<xest::estimator<wide, xest::optim::momentum>>(
                quiet(), xest::optim::momentum{.learning_rate = 0.01f, .momentum = 0.9f});
            auto& m = est->model();
            set_glorot(m.l1.kernel, 784, 256, bench::w3_l1_seed);
            set_zero(m.l1.bias);
            set_glorot(m.l2.kernel, 256, 256, bench::w3_l2_seed);
            set_zero(m.l2.bias);
            set_glorot(m.l3.kernel, 256, 10, bench::w3_l3_seed);
            set_zero(m.l3.bias);
            return est;
        };
        double const allocs = allocs_per_step(make_est, make_input, 3, h);

        std::int64_t const n = bench::steps_for(o);
        auto est = make_est();
        auto input = make_input();
        bench::timer t;
        double const sum = train_with(*est, input, n, h);
        t.stop();
        double const gflops = bench::w3_flops_per_step * static_cast<double>(n) / t.wall * 1e-9;
        std::string extra = "gflops:" + bench::fmt("%.2f", gflops) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        if (h.sum) extra += ",loss_sum:" + bench::fmt("%.6g", sum);
        bench::print_result(contender_name(o).c_str(), "W3", t, n, extra);
        return 0;
    }

    // ---- W4 -----------------------------------------------------------------------------------

    int run_w4(bench::options const& o)
    {
        hooks_choice const h = hooks_of(o.contender);
        constexpr std::size_t pool = 500;
        auto xs = xt::xtensor<float, 2>::from_shape({pool, 13});
        bench::uniform(std::span<float>(xs.data(), xs.size()), 0.0f, 1.0f, bench::w4_x_seed);
        std::vector<std::int32_t> ys(pool);
        for (std::size_t i = 0; i < pool; ++i)
        {
            ys[i] = static_cast<std::int32_t>(3.0f * bench::uniform01(bench::w4_y_seed, i));
        }
        auto make_input = [&] { return xest::inputs::from_arrays<50, 13>(xs, ys, {.num_epochs = xest::inputs::repeat, .shuffle = false}); };
        auto make_est = [&]
        {
            auto est = std::make_unique<xest::estimator<awkward, xest::optim::adam>>(
                quiet(), xest::optim::adam{.learning_rate = 1e-3f, .beta_1 = 0.9f, .beta_2 = 0.999f, .epsilon = 1e-7f});
            auto& m = est->model();
            set_glorot(m.l1.kernel, 13, 100, bench::w4_l1_seed);
            set_zero(m.l1.bias);
            set_glorot(m.l2.kernel, 100, 3, bench::w4_l2_seed);
            set_zero(m.l2.bias);
            return est;
        };
        double const allocs = allocs_per_step(make_est, make_input, 20, h);

        std::int64_t const n = bench::steps_for(o);
        auto est = make_est();
        auto input = make_input();
        bench::timer t;
        train_with(*est, input, n, h);
        t.stop();
        auto eval_in = xest::inputs::from_arrays<50, 13>(xs, ys);
        auto const r = est->evaluate(eval_in);
        std::string const extra = "pool_loss:" + bench::fmt("%.4f", r.loss) + ",allocs_per_step:" + bench::fmt("%g", allocs);
        bench::print_result(contender_name(o).c_str(), "W4", t, n, extra);
        return 0;
    }
#endif
}

int main(int argc, char** argv)
{
    bench::options const o = bench::parse(argc, argv, XEST_BENCH_DATA_DIR);
#ifdef XEST_BENCH_W2_ONLY
    if (o.workload != "W2")
    {
        std::fprintf(stderr, "this build holds W2 only\n");
        return 2;
    }
    return run_w2(o);
#else
    if (o.workload == "W1") return run_w1(o);
    if (o.workload == "W2") return run_w2(o);
    if (o.workload == "W4") return run_w4(o);
    return run_w3(o);
#endif
}
