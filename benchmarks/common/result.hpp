#ifndef XESTIMATOR_BENCHMARKS_COMMON_RESULT_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_RESULT_HPP

// The one output line every contender prints per measurement (benchmarks/run.sh parses it):
// RESULT contender=<name> workload=<W1|W2|W3|W4> value=<number> unit=<ns/step|us/step|ms/step> extra=<k:v,...>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <time.h>

namespace bench
{
    using clock = std::chrono::steady_clock;

    inline double seconds_since(clock::time_point t0) noexcept
    {
        return std::chrono::duration<double>(clock::now() - t0).count();
    }

    /// CPU time of the process: on a shared machine it excludes the time the process waited
    /// for a core, which wall-clock time includes.
    inline double cpu_seconds() noexcept
    {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    }

    /// Wall-clock and CPU time of the timed region.
    struct timer
    {
        clock::time_point wall0 = clock::now();
        double cpu0 = cpu_seconds();
        double wall = 0.0;
        double cpu = 0.0;

        void stop() noexcept
        {
            wall = seconds_since(wall0);
            cpu = cpu_seconds() - cpu0;
        }
    };

    /// Prints the RESULT line: value is wall-clock time per step; extra gets cpu:<CPU time per
    /// step in the same unit> after the caller's entries.
    void print_result(char const* contender, char const* workload, timer const& t, std::int64_t steps,
                      std::string const& extra);

    /// One number through a printf format.
    std::string fmt(char const* format, double v);

    /// W3's work per step: 6 * batch * (784*256 + 256*256 + 256*10) flops (forward and backward,
    /// counted as for a full backward pass, the convention the workload defines).
    inline constexpr double w3_flops_per_step = 6.0 * 64.0 * (784.0 * 256.0 + 256.0 * 256.0 + 256.0 * 10.0);

    /// Command-line: --workload W, --smoke, --steps N, --data DIR, --contender NAME.
    struct options
    {
        std::string workload = "W1";
        std::string contender{};
        std::string data_dir{};
        bool smoke = false;
        std::int64_t steps = 0;  // 0: the workload's own count (or the smoke count)
    };

    /// Parses the command line; exits with a message on a bad argument.
    options parse(int argc, char** argv, char const* default_data_dir);

    /// Steps of each workload: the definition, a smoke count, or --steps.
    inline std::int64_t steps_for(options const& o)
    {
        if (o.steps > 0) return o.steps;
        if (o.workload == "W1") return o.smoke ? 100000 : 10000000;
        if (o.workload == "W2") return o.smoke ? 44 * 2 : 44 * 100;
        if (o.workload == "W4") return o.smoke ? 20 : 4000;
        return o.smoke ? 5 : 300;
    }
}

#endif
