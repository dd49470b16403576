#ifndef XESTIMATOR_BENCHMARKS_COMMON_RESULT_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_RESULT_HPP

// The one output line every contender prints per measurement (benchmarks/run.sh parses it):
// RESULT contender=<name> workload=<W1|W2|W3|W4> value=<number> unit=<ns/step|us/step|ms/step> extra=<k:v,...>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    inline void print_result(char const* contender, char const* workload, timer const& t, std::int64_t steps,
                             std::string const& extra)
    {
        double scale = 1e9;
        char const* unit = "ns/step";
        if (std::strcmp(workload, "W2") == 0 || std::strcmp(workload, "W4") == 0)
        {
            unit = "us/step";
            scale = 1e6;
        }
        else if (std::strcmp(workload, "W3") == 0)
        {
            unit = "ms/step";
            scale = 1e3;
        }
        double const n = static_cast<double>(steps);
        std::printf("RESULT contender=%s workload=%s value=%.6g unit=%s extra=%s%scpu:%.6g\n", contender, workload,
                    t.wall / n * scale, unit, extra.c_str(), extra.empty() ? "" : ",", t.cpu / n * scale);
        std::fflush(stdout);
    }

    inline std::string fmt(char const* format, double v)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, format, v);
        return buf;
    }

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

    inline options parse(int argc, char** argv, char const* default_data_dir)
    {
        options o;
        o.data_dir = default_data_dir;
        for (int i = 1; i < argc; ++i)
        {
            std::string const a = argv[i];
            auto value = [&]() -> std::string
            {
                if (i + 1 >= argc)
                {
                    std::fprintf(stderr, "%s needs a value\n", a.c_str());
                    std::exit(2);
                }
                return argv[++i];
            };
            if (a == "--workload") o.workload = value();
            else if (a == "--contender") o.contender = value();
            else if (a == "--data") o.data_dir = value();
            else if (a == "--steps") o.steps = std::atoll(value().c_str());
            else if (a == "--smoke") o.smoke = true;
            else
            {
                std::fprintf(stderr, "unknown argument %s (use --workload W1|W2|W3|W4 [--contender NAME] [--smoke] "
                                     "[--steps N] [--data DIR])\n", a.c_str());
                std::exit(2);
            }
        }
        if (o.workload != "W1" && o.workload != "W2" && o.workload != "W3" && o.workload != "W4")
        {
            std::fprintf(stderr, "--workload must be W1, W2, W3 or W4 (got %s)\n", o.workload.c_str());
            std::exit(2);
        }
        return o;
    }

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
