// The benchmarks' harness, compiled once per program (as alloc_counter.cpp is): reading the
// digits data, the command line and the RESULT line. Kept out of the workload programs, so that
// their compile cost (benchmarks/run.sh) is the library's.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "digits.hpp"
#include "result.hpp"

namespace bench
{
    digits load_digits(std::string const& dir)
    {
        std::string const path = dir + "/digits.csv";
        std::ifstream in(path);
        if (!in)
        {
            std::fprintf(stderr, "cannot open %s (pass --data DIR)\n", path.c_str());
            std::exit(2);
        }
        std::string line;
        std::getline(in, line);  // header
        std::vector<float> x;
        std::vector<std::int32_t> y;
        while (std::getline(in, line))
        {
            if (line.empty()) continue;
            std::stringstream ss(line);
            std::string cell;
            for (std::size_t c = 0; c <= digits::features; ++c)
            {
                if (!std::getline(ss, cell, ','))
                {
                    std::fprintf(stderr, "%s: row %zu has fewer than 65 columns\n", path.c_str(), y.size() + 2);
                    std::exit(2);
                }
                if (c < digits::features) x.push_back(std::stof(cell) / 16.0f);
                else y.push_back(static_cast<std::int32_t>(std::stol(cell)));
            }
        }
        if (y.size() != digits::train_rows + digits::test_rows)
        {
            std::fprintf(stderr, "%s: expected 1797 rows, found %zu\n", path.c_str(), y.size());
            std::exit(2);
        }
        digits d;
        std::size_t const f = digits::features;
        d.train_x.assign(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(digits::used_train_rows * f));
        d.train_y.assign(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(digits::used_train_rows));
        d.test_x.assign(x.begin() + static_cast<std::ptrdiff_t>(digits::train_rows * f), x.end());
        d.test_y.assign(y.begin() + static_cast<std::ptrdiff_t>(digits::train_rows), y.end());
        return d;
    }

    void print_result(char const* contender, char const* workload, timer const& t, std::int64_t steps,
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

    std::string fmt(char const* format, double v)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, format, v);
        return buf;
    }

    options parse(int argc, char** argv, char const* default_data_dir)
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
}
