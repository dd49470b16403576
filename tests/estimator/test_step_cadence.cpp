// detail::step_cadence, the "every n steps" of the training loop (log, summaries, checkpoints):
// the same steps as `step == 1 || step % n == 0`, resumed from any global step and after a
// rollback moved the global step back.

#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <xestimator/estimator/step_cadence.hpp>

namespace
{
    std::vector<std::int64_t> due_steps(std::int64_t every, bool first, std::int64_t from, std::int64_t to)
    {
        xest::detail::step_cadence c(every, first, from);
        std::vector<std::int64_t> out;
        for (std::int64_t step = from + 1; step <= to; ++step)
        {
            if (c.due(step))
            {
                out.push_back(step);
            }
            c.done(step);
        }
        return out;
    }

    std::vector<std::int64_t> by_modulo(std::int64_t every, bool first, std::int64_t from, std::int64_t to)
    {
        std::vector<std::int64_t> out;
        for (std::int64_t step = from + 1; step <= to; ++step)
        {
            if (every > 0 && ((first && step == 1) || step % every == 0))
            {
                out.push_back(step);
            }
        }
        return out;
    }
}

TEST_CASE("step_cadence: due at the same steps as step % n == 0 (and step 1 when asked)")
{
    for (std::int64_t every : {0, 1, 3, 10, 100})
    {
        for (bool first : {false, true})
        {
            for (std::int64_t from : {0, 1, 2, 9, 10, 11, 250})
            {
                CAPTURE(every);
                CAPTURE(first);
                CAPTURE(from);
                CHECK(due_steps(every, first, from, from + 305) == by_modulo(every, first, from, from + 305));
            }
        }
    }
    CHECK(due_steps(10, true, 0, 30) == std::vector<std::int64_t>{1, 10, 20, 30});
}

TEST_CASE("step_cadence: a step retried after a rollback is due again, and restart follows a step moved back")
{
    xest::detail::step_cadence c(10, false, 0);
    CHECK(c.due(10));
    // Step 10 was rolled back before it completed (done() not called): it is retried and due.
    CHECK(c.due(10));
    c.done(10);
    CHECK_FALSE(c.due(10));
    CHECK(c.due(20));
    // A rollback to step 5: the next due step is 10 again.
    c.restart(5);
    CHECK(c.due(10));
    CHECK_FALSE(c.due(20));
}
