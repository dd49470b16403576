#ifndef XESTIMATOR_BENCHMARKS_COMMON_DIGITS_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_DIGITS_HPP

// W2's data: benchmarks/data/digits.csv (1797 rows, p0..p63 in 0..16, label 0..9).
// Train: the first 1437 rows, of which the first 44 * 32 = 1408 are visited each epoch (the
// remainder of the last batch is dropped); test: the last 360 rows; pixels / 16.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bench
{
    struct digits
    {
        static constexpr std::size_t features = 64;
        static constexpr std::size_t classes = 10;
        static constexpr std::size_t train_rows = 1437;
        static constexpr std::size_t batch = 32;
        static constexpr std::size_t batches_per_epoch = train_rows / batch;  // 44
        static constexpr std::size_t used_train_rows = batches_per_epoch * batch;  // 1408
        static constexpr std::size_t test_rows = 360;

        std::vector<float> train_x;  // used_train_rows x 64, row-major
        std::vector<std::int32_t> train_y;
        std::vector<float> test_x;  // test_rows x 64
        std::vector<std::int32_t> test_y;
    };

    inline digits load_digits(std::string const& dir)
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
}

#endif
