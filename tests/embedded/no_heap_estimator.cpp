// The firmware profile on a host: with XESTIMATOR_HAS_HEAP=0 (the default on a microcontroller)
// an in-memory estimator, its input over constexpr arrays and 400 training steps of the iris
// classifier (examples/embedded) make no call to the allocator, construction included: the
// model, the Adam slots and the shuffle order live in the estimator and the input, the graphs
// on the stack. Exit status 0 on success, 1 on a failed check, 77 (skipped) under
// AddressSanitizer, which owns the allocation functions.
#include <cstdio>

#include <xestimator/estimator/in_memory.hpp>
#include <xestimator/inputs/array_input.hpp>
#include <xestimator/optim/adam.hpp>

#include "allocation_counter.hpp"
#include "iris_data.hpp"
#include "iris_model.hpp"

#if XESTIMATOR_HAS_HEAP
#error "build this program with -DXESTIMATOR_HAS_HEAP=0"
#endif

int main()
{
    xest_test::skip_without_allocation_counting();
    // The counter must see an allocation at all, or the check below could not fail.
    if (xest_test::allocations_in(
            []
            {
                int* volatile probe = new int(1); // volatile: the new/delete pair may not be elided
                delete probe;
            })
        != 1)
    {
        std::puts("FAIL: the allocation counter does not count");
        return 1;
    }
    xest::train_result result{};
    long const allocations = xest_test::allocations_in(
        [&]
        {
            static xest::in_memory_estimator<iris::mlp, xest::optim::adam> est({.random_seed = 42, .log_step_count_steps = 0},
                                                                                {.learning_rate = 0.01f});
            auto input = xest::inputs::from_arrays<iris::batch, 4, 1>(
                iris::features, iris::labels, {.num_epochs = xest::repeat, .shuffle = true, .seed = 3});
            result = est.train(input, xest::steps{400});
        });
    std::printf("estimator construction, input and %lld training steps: %ld allocations, final loss %g\n",
                static_cast<long long>(result.steps), allocations, double(result.loss));
    bool const ok = allocations == 0 && result.steps == 400 && result.loss < 0.2f;
    if (!ok)
    {
        std::puts("FAIL: expected 0 allocations, 400 steps and a loss below 0.2");
    }
    return ok ? 0 : 1;
}
