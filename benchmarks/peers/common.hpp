#ifndef XESTIMATOR_BENCHMARKS_PEERS_COMMON_HPP
#define XESTIMATOR_BENCHMARKS_PEERS_COMMON_HPP

/// @file
/// @brief What every peer program shares: the workload constants, the command line, the data
/// (digits CSV, synthetic W3 pool), the initial weights and the RESULT line.
///
/// Only the standard library is used here so each peer program depends on its own library and
/// nothing else.

#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "weights.hpp"

#ifndef PEERS_DATA_DIR
#define PEERS_DATA_DIR "benchmarks/data"
#endif

namespace peers
{
    // ---- workload constants (benchmarks/README.md has the definitions) ----------------------

    // W1 seed-linear
    inline constexpr float w1_x[3] = {1.0f, 2.0f, 3.0f};
    inline constexpr float w1_y[3] = {2.0f, 4.0f, 5.9f};
    inline constexpr float w1_w0 = 0.5f;
    inline constexpr float w1_lr = 0.01f;
    inline constexpr long w1_steps = 10'000'000;

    // W2 mlp-digits
    inline constexpr int w2_in = 64, w2_hidden = 32, w2_out = 10;
    inline constexpr int w2_train = 1437, w2_test = 360, w2_batch = 32, w2_epochs = 100;
    inline constexpr int w2_batches = w2_train / w2_batch;  // 44, remainder dropped
    inline constexpr float w2_lr = 1e-3f, w2_beta1 = 0.9f, w2_beta2 = 0.999f, w2_eps = 1e-7f;

    // W3 mlp-wide
    inline constexpr int w3_in = 784, w3_h1 = 256, w3_h2 = 256, w3_out = 10;
    inline constexpr int w3_batch = 64, w3_pool = 1280, w3_steps = 300;
    inline constexpr float w3_lr = 0.01f, w3_momentum = 0.9f;
    inline constexpr double w3_flops_per_step =
        6.0 * w3_batch * (double(w3_in) * w3_h1 + double(w3_h1) * w3_h2 + double(w3_h2) * w3_out);

    // W4 awkward sizes (13 -> 100 ReLU -> 3 at batch 50: no size a multiple of a vector), Adam
    // as W2; only the Eigen peer runs it
    inline constexpr int w4_in = 13, w4_hidden = 100, w4_out = 3, w4_batch = 50, w4_pool = 500, w4_steps = 4000;

    // W5 cnn-digits: W2's data, batches and Adam; each row as an 8x8x1 image -> conv 3x3 x16
    // (same padding, bias) -> ReLU -> 2x2 max pool -> flatten (256) -> dense 10; 20 epochs
    inline constexpr int w5_side = 8, w5_filters = 16, w5_pooled = 4 * 4 * w5_filters, w5_out = 10;
    inline constexpr int w5_epochs = 20;

    // ---- command line ----------------------------------------------------------------------

    struct options
    {
        std::string workload;  // "W1" ... "W5"
        bool smoke = false;
        long steps = -1;  // W1, W3 and W5: -1 means the default
        std::string data = PEERS_DATA_DIR;  // a folder holding digits.csv, or the file itself
    };

    [[noreturn]] inline void usage(char const* prog, char const* why)
    {
        std::fprintf(stderr, "%s: %s\nusage: %s --workload W1|W2|W3|W4|W5 [--smoke] [--steps N] [--data DIR|FILE]\n",
                     prog, why, prog);
        std::exit(2);
    }

    inline options parse(int argc, char** argv)
    {
        options o;
        for (int i = 1; i < argc; ++i)
        {
            std::string_view a = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc)
                {
                    usage(argv[0], "missing value after an option");
                }
                return argv[++i];
            };
            if (a == "--workload")
            {
                o.workload = value();
            }
            else if (a == "--smoke")
            {
                o.smoke = true;
            }
            else if (a == "--steps")
            {
                o.steps = std::stol(value());
            }
            else if (a == "--data")
            {
                o.data = value();
            }
            else
            {
                usage(argv[0], "unknown option");
            }
        }
        if (o.workload != "W1" && o.workload != "W2" && o.workload != "W3" && o.workload != "W4" && o.workload != "W5")
        {
            usage(argv[0], "--workload must be W1, W2, W3, W4 or W5");
        }
        return o;
    }

    /// @brief W1 step count: the full 10,000,000 unless the contender is too slow for that, in
    /// which case it uses its own default (chosen = 1 mod 3, like 10,000,000, so the run ends on
    /// the same example of the cycle and the final W, b are comparable).
    inline long w1_step_count(options const& o, long contender_default)
    {
        if (o.smoke)
        {
            return 1000;
        }
        return o.steps > 0 ? o.steps : contender_default;
    }

    inline int w2_epoch_count(options const& o)
    {
        return o.smoke ? 2 : w2_epochs;
    }

    inline int w3_step_count(options const& o)
    {
        if (o.smoke)
        {
            return 5;
        }
        return o.steps > 0 ? int(o.steps) : w3_steps;
    }

    /// @brief W5 step count: 880 (20 epochs of 44 batches), 88 in smoke runs, or --steps.
    inline int w5_step_count(options const& o)
    {
        if (o.smoke)
        {
            return 2 * w2_batches;
        }
        return o.steps > 0 ? int(o.steps) : w5_epochs * w2_batches;
    }

    // ---- data ------------------------------------------------------------------------------

    /// @brief The digits CSV: 1797 rows of 64 pixels (0..16) and a label.
    struct digits
    {
        std::vector<float> x;  // row-major, rows x 64, already divided by 16
        std::vector<int> y;
        int rows = 0;
    };

    inline digits load_digits(std::string path)
    {
        if (path.size() < 4 || path.compare(path.size() - 4, 4, ".csv") != 0)
        {
            path += "/digits.csv";
        }
        std::ifstream in(path);
        if (!in)
        {
            std::fprintf(stderr, "cannot open %s (pass --data PATH)\n", path.c_str());
            std::exit(1);
        }
        digits d;
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line))
        {
            if (line.empty())
            {
                continue;
            }
            std::stringstream ss(line);
            std::string cell;
            for (int c = 0; c < 65; ++c)
            {
                if (!std::getline(ss, cell, ','))
                {
                    std::fprintf(stderr, "%s: row %d has fewer than 65 columns\n", path.c_str(), d.rows + 2);
                    std::exit(1);
                }
                if (c < 64)
                {
                    d.x.push_back(std::stof(cell) / 16.0f);
                }
                else
                {
                    d.y.push_back(std::stoi(cell));
                }
            }
            ++d.rows;
        }
        if (d.rows != w2_train + w2_test)
        {
            std::fprintf(stderr, "%s: expected %d rows, read %d\n", path.c_str(), w2_train + w2_test, d.rows);
            std::exit(1);
        }
        return d;
    }

    /// @brief The W3 pool: 1280 examples of 784 features uniform in [0, 1) and labels 0..9.
    struct pool
    {
        std::vector<float> x;  // row-major, w3_pool x w3_in
        std::vector<int> y;
    };

    inline pool make_w3_pool()
    {
        pool p;
        p.x.resize(std::size_t(w3_pool) * w3_in);
        p.y.resize(w3_pool);
        fill_w3_data(p.x.data(), p.y.data(), w3_pool, w3_in, w3_out);
        return p;
    }

    // ---- timing and output -----------------------------------------------------------------

    /// @brief Wall-clock and CPU time of the timed region (on a shared machine the CPU time
    /// excludes the time the process waited for a core).
    struct timer
    {
        static double wall_now()
        {
            using clock = std::chrono::steady_clock;
            return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
        }

        static double cpu_now()
        {
            timespec ts{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
            return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
        }

        double wall0 = wall_now();
        double cpu0 = cpu_now();
        double wall = 0.0;
        double cpu = 0.0;

        void stop()
        {
            wall = wall_now() - wall0;
            cpu = cpu_now() - cpu0;
        }
    };

    /// @brief Prints the RESULT line: value is wall-clock time per step in the workload's unit;
    /// extra gets cpu:<CPU time per step, same unit> after the caller's entries.
    inline void result(char const* contender, std::string const& workload, timer const& t, long steps,
                       std::string const& extra)
    {
        double scale = 1e9;
        char const* unit = "ns/step";
        if (workload == "W2" || workload == "W4" || workload == "W5")
        {
            scale = 1e6;
            unit = "us/step";
        }
        else if (workload == "W3")
        {
            scale = 1e3;
            unit = "ms/step";
        }
        double const n = double(steps);
        std::printf("RESULT contender=%s workload=%s value=%.6g unit=%s extra=%s,cpu:%.6g\n", contender,
                    workload.c_str(), t.wall / n * scale, unit, extra.c_str(), t.cpu / n * scale);
        std::fflush(stdout);
    }

    inline std::string fmt(char const* key, double v)
    {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s:%.7g", key, v);
        return buf;
    }

    inline std::string count(char const* key, long n)
    {
        return std::string(key) + ":" + std::to_string(n);
    }

    inline std::string w1_extra(long steps, float w, float b)
    {
        return count("steps", steps) + "," + fmt("W", w) + "," + fmt("b", b);
    }

    inline std::string w2_extra(int steps, double acc)
    {
        return count("steps", steps) + "," + fmt("test_acc", acc);
    }

    inline std::string w3_extra(int steps, double seconds, float last_loss)
    {
        return count("steps", steps) + "," + fmt("gflops", w3_flops_per_step * steps / seconds / 1e9) + "," +
               fmt("loss", last_loss);
    }

    /// @brief Index of the largest of n scores (first on ties, like numpy/torch argmax).
    inline int argmax(float const* s, int n)
    {
        int best = 0;
        for (int j = 1; j < n; ++j)
        {
            if (s[j] > s[best])
            {
                best = j;
            }
        }
        return best;
    }
}

#endif
