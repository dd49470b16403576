// Loading and preparing the CSV files of examples/data for the examples: read every column, split
// off held-out rows, standardise with the training rows' statistics, augment the digits with
// shifted copies.
#ifndef XESTIMATOR_EXAMPLES_EXAMPLE_DATA_HPP
#define XESTIMATOR_EXAMPLES_EXAMPLE_DATA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

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
    /// Columns of words are read as ids through `vocabularies`.
    template <std::size_t Features, class Label>
    table<Label> read_csv(std::filesystem::path const& path, char const* label,
                          std::vector<xest::inputs::csv_vocabulary> vocabularies = {})
    {
        auto in = xest::inputs::from_csv<1, Features, 1, Label>(path, {.label_column = label, .vocabularies = std::move(vocabularies)});
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

    /// 25 copies of each 8x8 image (a row of 64 pixels), shifted by (dy, dx) in {-1, -0.5, 0, 0.5, 1}^2
    /// pixels, bilinear, zeros outside: the digits examples' training-set augmentation.
    template <class Label>
    std::pair<xt::xtensor<float, 2>, xt::xtensor<Label, 1>> shifted_copies(xt::xtensor<float, 2> const& x,
                                                                           xt::xtensor<Label, 1> const& y)
    {
        constexpr float steps[] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f};
        std::size_t const n = x.shape()[0];
        auto xa = xt::xtensor<float, 2>::from_shape({n * 25, 64});
        auto ya = xt::xtensor<Label, 1>::from_shape({n * 25});
        std::size_t k = 0;
        for (float dy : steps)
        {
            for (float dx : steps)
            {
                for (std::size_t i = 0; i < n; ++i, ++k)
                {
                    auto pixel = [&](int r, int c) { return r >= 0 && r < 8 && c >= 0 && c < 8 ? x(i, std::size_t(r * 8 + c)) : 0.0f; };
                    for (int r = 0; r < 8; ++r)
                    {
                        for (int c = 0; c < 8; ++c)
                        {
                            float const sr = float(r) - dy;
                            float const sc = float(c) - dx;
                            int const r0 = int(std::floor(sr));
                            int const c0 = int(std::floor(sc));
                            float const fr = sr - float(r0);
                            float const fc = sc - float(c0);
                            xa(k, std::size_t(r * 8 + c)) = (1 - fr) * ((1 - fc) * pixel(r0, c0) + fc * pixel(r0, c0 + 1))
                                                            + fr * ((1 - fc) * pixel(r0 + 1, c0) + fc * pixel(r0 + 1, c0 + 1));
                        }
                    }
                    ya(k) = y(i);
                }
            }
        }
        return {std::move(xa), std::move(ya)};
    }
}

#endif
