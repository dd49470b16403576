#ifndef XESTIMATOR_TESTS_MODEL_DIR_SUPPORT_HPP
#define XESTIMATOR_TESTS_MODEL_DIR_SUPPORT_HPP

// Helpers shared by the model directory tests: scratch directories, small models and data,
// running Python (numpy), reading event files (event_reader.hpp), capturing stderr.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xestimator/xestimator.hpp>

#include "event_reader.hpp"
#include "stderr_capture.hpp"
#include "test_files.hpp"

namespace xest_test
{
    namespace fs = std::filesystem;

    /// File names in a directory, sorted, without the training lock file (io::dir_lock, whose
    /// own tests are in tests/io/test_dir_lock.cpp).
    inline std::vector<std::string> listing(fs::path const& dir)
    {
        std::vector<std::string> names;
        for (auto const& e : fs::directory_iterator(dir))
        {
            if (e.path().filename() == xest::io::dir_lock::file_name)
            {
                continue;
            }
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    /// Event files (names containing "tfevents") directly in a directory, sorted.
    inline std::vector<fs::path> event_files(fs::path const& dir)
    {
        std::vector<fs::path> files;
        for (auto const& e : fs::directory_iterator(dir))
        {
            if (e.path().filename().string().find("tfevents") != std::string::npos)
            {
                files.push_back(e.path());
            }
        }
        std::sort(files.begin(), files.end());
        return files;
    }

    /// One scalar point as the reader reports it.
    using point = events::point;

    /// What the event-file reader (tests/support/event_reader.hpp) found in a directory.
    struct events_report
    {
        int exit_code = -1; ///< 0 read fully, 1 errors, 3 only a truncated final record
        bool truncated = false;
        int errors = 0;
        int files = 0;
        std::vector<point> points; ///< by run, then file order

        /// Points of one run and tag, in file order.
        std::vector<point> series(std::string const& run, std::string const& tag) const
        {
            std::vector<point> out;
            for (auto const& p : points)
            {
                if (p.run == run && p.tag == tag)
                {
                    out.push_back(p);
                }
            }
            return out;
        }

        std::vector<std::int64_t> steps(std::string const& run, std::string const& tag) const
        {
            std::vector<std::int64_t> out;
            for (auto const& p : series(run, tag))
            {
                out.push_back(p.step);
            }
            return out;
        }
    };

    /// Reads every event file below @p dir. A truncated final record is reported with exit code 3
    /// unless @p allow_truncated_tail (a file still being written, or cut by a crash, looks so).
    inline events_report read_events(fs::path const& dir, bool allow_truncated_tail = false)
    {
        auto const d = events::read_directory(dir);
        events_report r;
        r.truncated = d.truncated;
        r.errors = static_cast<int>(d.errors.size());
        r.files = static_cast<int>(d.files.size());
        r.points = d.scalars;
        r.exit_code = r.errors != 0 ? 1 : (r.truncated && !allow_truncated_tail ? 3 : 0);
        for (auto const& e : d.errors)
        {
            std::fprintf(stderr, "event reader: %s\n", e.c_str());
        }
        return r;
    }

    // ---- stderr capture ----------------------------------------------------------------------------


    // ---- models and data ---------------------------------------------------------------------------

    namespace xe = xest;

    /// The seed example's model: y = x·W + b with an extra spec summary and an eval metric.
    struct linear_model
    {
        xe::param<"weights", xe::shape<1, 1>> W{xe::init::random_normal{}};
        xe::param<"bias", xe::shape<1>> b{xe::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y_predicted = xe::matmul(features, W) + b;
            auto loss = xe::losses::mean_squared_error(labels, y_predicted);
            return xe::spec(mode)
                .loss(loss)
                .predictions(y_predicted)
                .summary("training_loss", loss)
                .eval_metric("mean_squared_error", xe::metrics::mean_squared_error(labels, y_predicted));
        }
    };

    /// Two features -> 4 hidden units -> 1 output: own params ("weights", "bias") and a dense
    /// layer ("dense/kernel", "dense/bias").
    template <std::size_t Hidden = 4>
    struct mixed_model
    {
        xe::param<"weights", xe::shape<2, Hidden>> W{xe::init::random_normal{}};
        xe::param<"bias", xe::shape<Hidden>> b{xe::init::zeros{}};
        xe::nn::dense<Hidden, 1, xe::nn::linear, "dense"> out;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto h = xe::nn::relu{}(xe::matmul(features, W) + b);
            auto y = out(h);
            auto loss = xe::losses::mean_squared_error(labels, y);
            return xe::spec(mode).loss(loss).predictions(y).eval_metric("mean_squared_error",
                                                                         xe::metrics::mean_squared_error(labels, y));
        }
    };

    /// Two dense layers, "hidden" and "out" (or another name for the head).
    template <xe::fixed_string Head = "out", std::size_t HeadOut = 1>
    struct two_layer_model
    {
        xe::nn::dense<2, 4, xe::nn::relu, "hidden"> hidden;
        xe::nn::dense<4, HeadOut, xe::nn::linear, Head> head;

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto y = head(hidden(features));
            auto loss = xe::losses::mean_squared_error(labels, y);
            return xe::spec(mode).loss(loss).predictions(y);
        }
    };

    /// The seed example's data: y ≈ 2x.
    inline xt::xtensor<float, 1> seed_x()
    {
        return {1.0f, 2.0f, 3.0f};
    }
    inline xt::xtensor<float, 1> seed_y()
    {
        return {2.0f, 4.0f, 5.9f};
    }

    /// @p n examples of two features with a nonlinear target (deterministic).
    inline std::pair<xt::xtensor<float, 2>, xt::xtensor<float, 1>> two_feature_data(std::size_t n)
    {
        xt::xtensor<float, 2> x = xt::xtensor<float, 2>::from_shape({n, 2});
        xt::xtensor<float, 1> y = xt::xtensor<float, 1>::from_shape({n});
        for (std::size_t i = 0; i < n; ++i)
        {
            float const a = std::sin(0.7f * float(i));
            float const c = std::cos(1.3f * float(i) + 0.5f);
            x(i, 0) = a;
            x(i, 1) = c;
            y(i) = 1.5f * a - 0.5f * c + 0.8f * a * c + 0.1f;
        }
        return {x, y};
    }

    /// The raw bytes of every param of an estimator's model, by name.
    template <class Estimator>
    std::map<std::string, std::string> param_bytes(Estimator const& est)
    {
        std::map<std::string, std::string> out;
        xe::for_each_model_param(est.model(),
                                 [&](auto const& p)
                                 {
                                     using P = std::remove_cvref_t<decltype(p)>;
                                     out[std::string(P::name_view())] =
                                         std::string(reinterpret_cast<char const*>(p.value.data()), P::size * sizeof(typename P::value_type));
                                 });
        return out;
    }

    /// The values of a checkpoint entry as doubles.
    inline std::vector<double> entry_values(std::vector<xe::io::array_entry> const& entries, std::string const& name)
    {
        for (auto const& e : entries)
        {
            if (e.name == name)
            {
                if (e.dtype == "<f4")
                {
                    auto const f = e.to_vector<float>();
                    return std::vector<double>(f.begin(), f.end());
                }
                if (e.dtype == "<i8")
                {
                    auto const i = e.to_vector<std::int64_t>();
                    return std::vector<double>(i.begin(), i.end());
                }
                return e.to_vector<double>();
            }
        }
        return {};
    }

    /// A param's value through the public API, flattened.
    template <class Estimator>
    std::vector<double> variable(Estimator const& est, std::string const& name)
    {
        auto const v = est.get_variable_value(name);
        return std::vector<double>(v.begin(), v.end());
    }
}

#endif
