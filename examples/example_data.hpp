// Loading and preparing the CSV files of examples/data for the canned-estimator examples: read
// every column, split off every k-th row as held-out data, standardise with the training rows'
// statistics.
#ifndef XESTIMATOR_EXAMPLES_EXAMPLE_DATA_HPP
#define XESTIMATOR_EXAMPLES_EXAMPLE_DATA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <xestimator/inputs.hpp>

namespace example
{
    /// Rows of features and labels.
    template <class Label>
    struct table
    {
        xt::xtensor<float, 2> x;
        xt::xtensor<Label, 1> y;
    };

    /// The file `name` of examples/data (or argv[1] when given); exits with a message if absent.
    inline std::filesystem::path data_file(int argc, char** argv, char const* name)
    {
        std::filesystem::path const path =
            argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(__FILE__).parent_path() / "data" / name;
        if (!std::filesystem::exists(path))
        {
            std::fprintf(stderr, "%s not found; pass the path of %s: %s path/to/%s\n", path.string().c_str(), name,
                         argv[0], name);
            std::exit(2);
        }
        return path;
    }

    /// Every row of a CSV file with `Features` feature columns and the label column `label`.
    template <std::size_t Features, class Label>
    table<Label> read_csv(std::filesystem::path const& path, char const* label)
    {
        auto in = xest::inputs::from_csv<1, Features, 1, Label>(path, {.label_column = label});
        std::size_t const n = in.num_examples();
        table<Label> t{xt::xtensor<float, 2>::from_shape({n, Features}), xt::xtensor<Label, 1>::from_shape({n})};
        typename decltype(in)::batch_type row;
        for (std::size_t i = 0; in.next(row); ++i)
        {
            std::copy(row.features.begin(), row.features.end(), &t.x(i, 0));
            t.y(i) = static_cast<Label>(row.labels(0));
        }
        return t;
    }

    /// Rows [0, n) in order; `held_out(i)` says which go to the second table.
    template <class Label, class F>
    std::pair<table<Label>, table<Label>> split(table<Label> const& all, F held_out)
    {
        std::size_t const n = all.y.size();
        std::size_t const width = all.x.shape(1);
        std::size_t n_test = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            n_test += held_out(i) ? 1 : 0;
        }
        table<Label> train{xt::xtensor<float, 2>::from_shape({n - n_test, width}), xt::xtensor<Label, 1>::from_shape({n - n_test})};
        table<Label> test{xt::xtensor<float, 2>::from_shape({n_test, width}), xt::xtensor<Label, 1>::from_shape({n_test})};
        for (std::size_t i = 0, a = 0, b = 0; i < n; ++i)
        {
            table<Label>& to = held_out(i) ? test : train;
            std::size_t& r = held_out(i) ? b : a;
            std::copy(&all.x(i, 0), &all.x(i, 0) + width, &to.x(r, 0));
            to.y(r++) = all.y(i);
        }
        return {std::move(train), std::move(test)};
    }

    /// Each column of `train` to mean 0, variance 1; `test` with the same (training) statistics.
    inline void standardize(xt::xtensor<float, 2>& train, xt::xtensor<float, 2>& test)
    {
        for (std::size_t c = 0; c < train.shape(1); ++c)
        {
            double sum = 0.0;
            double squares = 0.0;
            for (std::size_t r = 0; r < train.shape(0); ++r)
            {
                sum += train(r, c);
                squares += double(train(r, c)) * train(r, c);
            }
            double const n = static_cast<double>(train.shape(0));
            double const mean = sum / n;
            // A column constant in training (a pixel always blank) is only centred.
            double const variance = squares / n - mean * mean;
            double const sd = variance > 1e-6 ? std::sqrt(variance) : 1.0;
            for (auto* x : {&train, &test})
            {
                for (std::size_t r = 0; r < x->shape(0); ++r)
                {
                    (*x)(r, c) = static_cast<float>(((*x)(r, c) - mean) / sd);
                }
            }
        }
    }
}

#endif
