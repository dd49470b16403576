#ifndef XESTIMATOR_BENCHMARKS_COMMON_DIGITS_HPP
#define XESTIMATOR_BENCHMARKS_COMMON_DIGITS_HPP

// W2's data: benchmarks/data/digits.csv (1797 rows, p0..p63 in 0..16, label 0..9).
// Train: the first 1437 rows, of which the first 44 * 32 = 1408 are visited each epoch (the
// remainder of the last batch is dropped); test: the last 360 rows; pixels / 16.

#include <cstddef>
#include <cstdint>
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

    /// Reads DIR/digits.csv (common/harness.cpp); exits with a message when it is missing or malformed.
    digits load_digits(std::string const& dir);
}

#endif
