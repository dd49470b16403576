// Cadence arithmetic (hooks/cadence.hpp) and the orchestration of due steps: next_due_all over
// hooks of every cadence form gives exactly the steps `step % n == 0` would, from any global step,
// and after_step_every_step_all calls only the hooks without a cadence.

#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/hooks/dispatch.hpp>

namespace
{
    using xest::hooks::never;
    using xest::hooks::next_every_n;
    using xest::hooks::next_multiple;

    // The steps after `from` up to `to` at which a loop that asks next_due_all stops.
    template <class Tuple>
    std::vector<std::int64_t> due_steps(Tuple const& hooks, std::int64_t from, std::int64_t to)
    {
        std::vector<std::int64_t> out;
        std::int64_t step = from;
        while (true)
        {
            std::int64_t const due = xest::hooks::next_due_all(hooks, step);
            if (due > to)
            {
                break;
            }
            out.push_back(due);
            step = due;
        }
        return out;
    }

    std::vector<std::int64_t> by_modulo(std::int64_t every, std::int64_t from, std::int64_t to)
    {
        std::vector<std::int64_t> out;
        for (std::int64_t step = from + 1; step <= to; ++step)
        {
            if (step % every == 0)
            {
                out.push_back(step);
            }
        }
        return out;
    }

    struct every_7_static
    {
        static constexpr std::int64_t every_n_steps = 7;
        void after_step(xest::step_info const&) {}
    };
    struct every_n_function
    {
        std::int64_t n = 5;
        std::int64_t every_n_steps() const { return n; }
        void after_step(xest::step_info const&) {}
    };
    struct due_at_squares
    {
        std::int64_t next_due(std::int64_t step) const
        {
            std::int64_t k = 1;
            while (k * k <= step)
            {
                ++k;
            }
            return k * k;
        }
        int calls = 0;
        void after_step(xest::step_info const&) { ++calls; }
    };
    struct before_update_only
    {
        bool before_update(xest::step_info const&) { return false; }
    };
}

TEST_CASE("next_multiple: the first multiple after a step, without overflow")
{
    CHECK(next_multiple(0, 10) == 10);
    CHECK(next_multiple(9, 10) == 10);
    CHECK(next_multiple(10, 10) == 20);
    CHECK(next_multiple(41, 1) == 42);
    CHECK(next_multiple(41, 0) == 42);
    CHECK(next_multiple(never - 5, 10) == never);
    CHECK(next_multiple(never, 1) == never);
    CHECK(next_every_n(0, 100, true) == 1);
    CHECK(next_every_n(250, 100, true) == 251);
    CHECK(next_every_n(250, 100, false) == 300);
    CHECK(next_every_n(250, 0, true) == never);
}

TEST_CASE("next_due_all: static, function and next_due cadences give the modulo steps from any start")
{
    for (std::int64_t from : {0, 1, 6, 7, 99, 1000})
    {
        CHECK(due_steps(std::tuple<every_7_static>{}, from, from + 60) == by_modulo(7, from, from + 60));
        CHECK(due_steps(std::tuple<every_n_function>{}, from, from + 60) == by_modulo(5, from, from + 60));
    }
    std::tuple<every_7_static, every_n_function> both{};
    std::vector<std::int64_t> expected;
    for (std::int64_t s = 1; s <= 40; ++s)
    {
        if (s % 7 == 0 || s % 5 == 0)
        {
            expected.push_back(s);
        }
    }
    CHECK(due_steps(both, 0, 40) == expected);
    CHECK(due_steps(std::tuple<due_at_squares>{}, 0, 50) == std::vector<std::int64_t>{1, 4, 9, 16, 25, 36, 49});
    CHECK(xest::hooks::next_due_all(std::tuple<before_update_only>{}, 3) == never);
    CHECK(xest::hooks::next_due_all(std::tuple<>{}, 3) == never);
    auto callable = [](xest::step_info const&) {};
    CHECK(xest::hooks::next_due_all(std::tuple<decltype(callable)>{callable}, 3) == 4);
    // The training loop's question: when is a hook with a cadence due? (callables run every step.)
    CHECK(xest::hooks::next_due_all<false>(std::tuple<decltype(callable)>{callable}, 3) == never);
    CHECK(xest::hooks::next_due_all<false>(std::tuple<decltype(callable), every_7_static>{callable, {}}, 3) == 7);
}

TEST_CASE("after_step_all calls a next_due hook on its due steps only, every_step_all skips it")
{
    due_at_squares squares;
    int every = 0;
    auto counter = [&](xest::step_info const&) { ++every; };
    auto hooks = std::tie(squares, counter);
    for (std::int64_t step = 1; step <= 20; ++step)
    {
        xest::step_info info{.step = step};
        (void)xest::hooks::after_step_all(hooks, info);
    }
    CHECK(squares.calls == 4);  // 1, 4, 9, 16
    CHECK(every == 20);
    for (std::int64_t step = 21; step <= 24; ++step)
    {
        xest::step_info info{.step = step};
        (void)xest::hooks::after_step_every_step_all(hooks, info);
    }
    CHECK(squares.calls == 4);
    CHECK(every == 24);
    static_assert(xest::hooks::any_every_step_v<decltype(hooks)>);
    static_assert(!xest::hooks::any_every_step_v<std::tuple<due_at_squares, every_7_static>>);
}
