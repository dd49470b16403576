#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <xestimator/hooks/dispatch.hpp>
#include <xestimator/hooks/hook_list.hpp>

#include "hooks_test_support.hpp"

namespace
{
    using call_log = std::vector<std::string>;

    // Records every lifecycle call; after_step returns true at `stop_on_step`, or calls
    // request_stop() at `request_on_step`.
    struct spy
    {
        call_log* log = nullptr;
        char name = 'a';
        std::int64_t stop_on_step = -1;
        std::int64_t request_on_step = -1;

        void begin(xest::run_info const& r)
        {
            log->push_back(std::string(1, name) + ".begin(" + std::to_string(r.start_step) + ","
                           + std::to_string(r.last_step) + "," + std::string(r.model_dir) + ")");
        }
        void before_step(std::int64_t step)
        {
            log->push_back(std::string(1, name) + ".before_step(" + std::to_string(step) + ")");
        }
        bool before_update(xest::step_info const& s)
        {
            log->push_back(std::string(1, name) + ".before_update(" + std::to_string(s.step) + ")");
            return false;
        }
        bool after_step(xest::step_info const& s)
        {
            log->push_back(std::string(1, name) + ".after_step(" + std::to_string(s.step) + ","
                           + std::to_string(s.loss) + "," + (s.stop_requested() ? "stop" : "go") + ")");
            if (s.step == request_on_step)
            {
                s.request_stop();
            }
            return s.step == stop_on_step;
        }
        void end(xest::step_info const& last)
        {
            log->push_back(std::string(1, name) + ".end(" + std::to_string(last.step) + ")");
        }
    };

    struct every_third
    {
        static constexpr std::int64_t every_n_steps = 3;
        std::vector<std::int64_t>* seen = nullptr;
        std::vector<std::int64_t>* before = nullptr;
        void before_step(std::int64_t step) { before->push_back(step); }
        void after_step(xest::step_info const& s) { seen->push_back(s.step); }
    };

    struct runtime_cadence
    {
        std::int64_t n = 4;
        std::vector<std::int64_t>* seen = nullptr;
        [[nodiscard]] std::int64_t every_n_steps() const noexcept { return n; }
        void after_step(xest::step_info const& s) { seen->push_back(s.step); }
    };

    struct loss_every_other
    {
        static constexpr std::int64_t every_n_steps = 2;
        std::vector<double>* seen = nullptr;
        void operator()(double loss) const { seen->push_back(loss); }
    };

    struct blocker
    {
        std::int64_t block_at = 0;
        bool before_update(xest::step_info const& s) const { return s.step == block_at; }
    };

    struct stop_before
    {
        std::int64_t at = 0;
        bool before_step(std::int64_t step) const { return step == at; }
    };

    struct fake_result
    {
        double loss = 0.0;
        std::int64_t global_step = 0;
        double accuracy = 0.0;
        double operator[](std::string_view name) const { return name == "accuracy" ? accuracy : -1.0; }
    };

    struct eval_spy
    {
        std::vector<double>* seen = nullptr;
        bool after_evaluation(auto const& r)
        {
            seen->push_back(r.loss);
            seen->push_back(r["accuracy"]);
            seen->push_back(static_cast<double>(r.global_step));
            return r.loss < 0.5;
        }
    };

    struct empty_after_step
    {
        void after_step(xest::step_info const&) {}
    };
}

TEST_CASE("lifecycle order over two hooks and three steps")
{
    call_log log;
    std::tuple<spy, spy> hooks{spy{&log, 'a'}, spy{&log, 'b'}};
    auto r = hooks_test::simulate(hooks, {1.0f, 0.5f, 0.25f}, 10);
    CHECK(r.final_step == 13);
    call_log const expected{
        "a.begin(10,-1,model_dir)", "b.begin(10,-1,model_dir)",
        "a.before_step(11)", "b.before_step(11)", "a.before_update(11)", "b.before_update(11)",
        "a.after_step(11,1.000000,go)", "b.after_step(11,1.000000,go)",
        "a.before_step(12)", "b.before_step(12)", "a.before_update(12)", "b.before_update(12)",
        "a.after_step(12,0.500000,go)", "b.after_step(12,0.500000,go)",
        "a.before_step(13)", "b.before_step(13)", "a.before_update(13)", "b.before_update(13)",
        "a.after_step(13,0.250000,go)", "b.after_step(13,0.250000,go)",
        "a.end(13)", "b.end(13)"};
    CHECK(log == expected);
}

TEST_CASE("a true return stops after the step and later hooks still see that step")
{
    call_log log;
    std::tuple<spy, spy> hooks{spy{&log, 'a', 2}, spy{&log, 'b'}};
    auto r = hooks_test::simulate(hooks, {1.0f, 2.0f, 3.0f, 4.0f});
    CHECK(r.final_step == 2);
    CHECK(r.applied == std::vector<std::int64_t>{1, 2});
    REQUIRE(log.size() >= 4);
    CHECK(log[log.size() - 4] == "a.after_step(2,2.000000,go)");
    CHECK(log[log.size() - 3] == "b.after_step(2,2.000000,go)");
    CHECK(log[log.size() - 2] == "a.end(2)");
    CHECK(log.back() == "b.end(2)");
}

TEST_CASE("request_stop stops after the step and is visible to the hooks that follow")
{
    call_log log;
    std::tuple<spy, spy> hooks{spy{&log, 'a', -1, 3}, spy{&log, 'b'}};
    auto r = hooks_test::simulate(hooks, {1.0f, 2.0f, 3.0f, 4.0f, 5.0f});
    CHECK(r.final_step == 3);
    CHECK(std::find(log.begin(), log.end(), "b.after_step(3,3.000000,stop)") != log.end());
    CHECK(std::find(log.begin(), log.end(), "a.before_step(4)") == log.end());
}

TEST_CASE("after_step_all reports a stop flag set before the call")
{
    std::tuple<> none;
    bool stop = true;
    xest::step_info info{.step = 1, .stop_flag = &stop};
    CHECK(xest::hooks::after_step_all(none, info));
    stop = false;
    CHECK_FALSE(xest::hooks::after_step_all(none, info));
    xest::step_info detached{.step = 1};
    detached.request_stop();  // no flag: nothing happens
    CHECK_FALSE(detached.stop_requested());
}

TEST_CASE("before_update returning true blocks the update and ends the run")
{
    call_log log;
    std::tuple<spy, blocker> hooks{spy{&log, 'a'}, blocker{3}};
    auto r = hooks_test::simulate(hooks, {1.0f, 2.0f, 3.0f, 4.0f});
    CHECK(r.aborted);
    CHECK(r.applied == std::vector<std::int64_t>{1, 2});
    CHECK(r.final_step == 2);
    CHECK(std::find(log.begin(), log.end(), "a.after_step(3,3.000000,go)") == log.end());
    CHECK(log.back() == "a.end(2)");
}

TEST_CASE("before_step returning true prevents the step")
{
    call_log log;
    std::tuple<stop_before, spy> hooks{stop_before{3}, spy{&log, 'a'}};
    auto r = hooks_test::simulate(hooks, {1.0f, 2.0f, 3.0f, 4.0f});
    CHECK(r.final_step == 2);
    CHECK(r.applied == std::vector<std::int64_t>{1, 2});
    CHECK(std::find(log.begin(), log.end(), "a.before_update(3)") == log.end());
}

TEST_CASE("every_n_steps gates after_step and callables only")
{
    std::vector<std::int64_t> third, third_before, fourth;
    std::vector<double> losses_seen;
    std::tuple<every_third, runtime_cadence, loss_every_other> hooks{
        every_third{&third, &third_before}, runtime_cadence{4, &fourth}, loss_every_other{&losses_seen}};
    hooks_test::simulate(hooks, {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f, 9.5f});
    CHECK(third == std::vector<std::int64_t>{3, 6, 9});
    CHECK(third_before == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK(fourth == std::vector<std::int64_t>{4, 8});
    CHECK(losses_seen == std::vector<double>{1.5, 3.5, 5.5, 7.5, 9.5});

    fourth.clear();
    std::tuple<runtime_cadence> every_step{runtime_cadence{0, &fourth}};  // <= 1: every step
    hooks_test::simulate(every_step, {1.0f, 1.0f, 1.0f});
    CHECK(fourth == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("callable hooks: step form with a bool stop, loss form")
{
    std::vector<std::int64_t> steps;
    std::vector<float> losses;
    auto by_step = [&](xest::step_info const& s)
    {
        steps.push_back(s.step);
        return s.loss > 2.0f;
    };
    auto by_loss = [&](float loss) { losses.push_back(loss); };
    auto r = hooks_test::simulate(std::forward_as_tuple(by_step, by_loss), {1.0f, 2.0f, 3.0f, 0.5f});
    CHECK(r.final_step == 3);
    CHECK(steps == std::vector<std::int64_t>{1, 2, 3});
    CHECK(losses == std::vector<float>{1.0f, 2.0f, 3.0f});
}

TEST_CASE("after_evaluation_all passes the result and combines stop requests")
{
    std::vector<double> seen;
    std::tuple<eval_spy, spy, empty_after_step> hooks{eval_spy{&seen}, spy{nullptr}, empty_after_step{}};
    CHECK_FALSE(xest::hooks::after_evaluation_all(hooks, fake_result{0.75, 40, 0.5}));
    CHECK(xest::hooks::after_evaluation_all(hooks, fake_result{0.25, 80, 0.875}));
    CHECK(seen == std::vector<double>{0.75, 0.5, 40.0, 0.25, 0.875, 80.0});
}

TEST_CASE("hooks held by reference and by value are dispatched as one pack")
{
    call_log log;
    spy by_reference{&log, 'r'};
    std::tuple<spy> by_value{spy{&log, 'v'}};
    auto all = xest::hooks::join(by_value, std::tie(by_reference));
    static_assert(std::is_same_v<decltype(all), std::tuple<spy&, spy&>>);
    by_reference.stop_on_step = 2;  // seen through the reference
    auto r = hooks_test::simulate(all, {1.0f, 2.0f, 3.0f});
    CHECK(r.final_step == 2);
    CHECK(log.front() == "v.begin(0,-1,model_dir)");
    CHECK(log.back() == "r.end(2)");
}

TEST_CASE("hook_list stores hooks, runs a loop and is itself a hook")
{
    call_log log;
    spy outside{&log, 'o'};
    xest::hooks::hook_list<spy, spy&> list{spy{&log, 'i'}, outside};
    static_assert(xest::hooks::is_hook_v<decltype(list)>);
    std::tuple<xest::hooks::hook_list<spy, spy&>&> nested{list};
    auto r = hooks_test::simulate(nested, {1.0f});
    CHECK(r.final_step == 1);
    CHECK(log.size() == 10);
    CHECK(log[0] == "i.begin(0,-1,model_dir)");
    CHECK(log[1] == "o.begin(0,-1,model_dir)");
    CHECK(log[9] == "o.end(1)");
    CHECK(&std::get<1>(list.hooks()) == &outside);

    std::vector<std::int64_t> third, before;
    xest::hooks::hook_list cadence_only{every_third{&third, &before}};
    static_assert(!decltype(cadence_only)::any_before_update);
    CHECK(cadence_only.next_due(4) == 6);
    CHECK(cadence_only.next_due(6) == 9);
}

TEST_CASE("next_due_all follows the hooks' cadence, before_update and before_step hooks are never due")
{
    using xest::hooks::next_due_all;
    std::vector<std::int64_t> sink;
    std::tuple<> none;
    std::tuple<every_third> third{every_third{&sink, &sink}};
    std::tuple<every_third, blocker> with_update{every_third{&sink, &sink}, blocker{}};
    std::tuple<stop_before> before_only{stop_before{}};
    std::tuple<runtime_cadence> runtime{runtime_cadence{5, &sink}};
    for (std::int64_t step = 0; step <= 12; ++step)
    {
        CHECK(next_due_all(none, step) == xest::hooks::never);
        CHECK(next_due_all(third, step) == (step / 3 + 1) * 3);
        CHECK(next_due_all(with_update, step) == (step / 3 + 1) * 3);
        CHECK(next_due_all(before_only, step) == xest::hooks::never);
        CHECK(next_due_all(runtime, step) == (step / 5 + 1) * 5);
    }
    static_assert(xest::hooks::any_after_step_v<std::tuple<stop_before, empty_after_step&>>);
    static_assert(xest::hooks::any_before_update_v<std::tuple<blocker>>);
    static_assert(xest::hooks::any_before_update_v<std::tuple<spy&&>>);
    static_assert(xest::hooks::any_after_evaluation_v<std::tuple<eval_spy>>);
    static_assert(!xest::hooks::any_after_evaluation_v<std::tuple<spy>>);
}
