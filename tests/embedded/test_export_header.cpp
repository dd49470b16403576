// xest::export_header's own rules (the round trip itself is export_roundtrip.sh): every param
// with its shape and exact values, never replacing a file it did not write, refusing NaN and a
// namespace that is not an identifier.

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include <xestimator/estimator/in_memory.hpp>
#include <xestimator/estimator/spec.hpp>
#include <xestimator/expr.hpp>
#include <xestimator/export.hpp>
#include <xestimator/inputs/array_input.hpp>
#include <xestimator/losses.hpp>
#include <xestimator/optim/gradient_descent.hpp>

namespace
{
    struct small_model
    {
        xest::param<"dense/kernel", xest::shape<2, 3>> kernel{xest::init::constant{0.1f}};
        xest::param<"dense/bias", xest::shape<3>> bias{xest::init::constant{-2.5f}};
    };

    struct seed_linear
    {
        xest::param<"weights", xest::shape<1, 1>> W{xest::init::constant{0.5f}};
        xest::param<"bias", xest::shape<1>> b{xest::init::zeros{}};

        template <class Mode>
        auto operator()(auto const& x, auto const& y, Mode m) const
        {
            auto pred = xest::matmul(x, W) + b;
            return xest::spec(m).loss(xest::losses::mean_squared_error(y, pred)).predictions(pred);
        }
    };

    std::string hex(float v)
    {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%af", static_cast<double>(v));
        return buffer;
    }

    std::string read(std::string const& path)
    {
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::string temp_path(char const* name)
    {
        return std::string(P_tmpdir) + "/xest_export_" + name + ".hpp";
    }
}

TEST_CASE("export_header writes every param with its shape and exact values")
{
    small_model m;
    std::string const path = temp_path("values");
    std::remove(path.c_str());
    xest::export_header(m, path, "small");
    std::string const text = read(path);
    CHECK(text.find("namespace small") != std::string::npos);
    CHECK(text.find("struct weight<\"dense/kernel\">") != std::string::npos);
    CHECK(text.find("using shape_type = xest::shape<2, 3>;") != std::string::npos);
    CHECK(text.find("static constexpr float values[3] = {") != std::string::npos);
    // 0.1f exactly (0x1.99999ap-4), not its decimal approximation; -2.5f is -0x1.4p+1.
    CHECK(text.find("0x1.99999ap-4f") != std::string::npos);
    CHECK(text.find("-0x1.4p+1f") != std::string::npos);
    CHECK(text.find("inline constexpr auto const& dense_kernel = weight<\"dense/kernel\">::values;") != std::string::npos);
    // Exporting again replaces the header it wrote.
    m.bias.value(0) = 1.0f;
    xest::export_header(m, path, "small");
    CHECK(read(path).find("0x1p+0f") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("export_header never replaces a file it did not write")
{
    small_model m;
    std::string const path = temp_path("foreign");
    {
        std::ofstream out(path);
        out << "// my own header\n";
    }
    CHECK_THROWS_AS(xest::export_header(m, path, "small"), xest::io_error);
    CHECK(read(path) == "// my own header\n");
    std::remove(path.c_str());
}

TEST_CASE("export_header refuses NaN params and a namespace that is not an identifier")
{
    small_model m;
    std::string const path = temp_path("refused");
    std::remove(path.c_str());
    CHECK_THROWS_WITH_AS(xest::export_header(m, path, "not an identifier"),
                         "export_header: namespace \"not an identifier\" is not a C++ identifier", xest::config_error);
    m.kernel.value(1, 2) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH_AS(xest::export_header(m, path, "small"),
                         "export_header: param \"dense/kernel\" holds NaN at index 5; not exporting", xest::input_error);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    CHECK(f == nullptr);
    if (f != nullptr)
    {
        std::fclose(f);
    }
}

TEST_CASE("export_header takes an estimator and writes its trained params")
{
    xest::in_memory_estimator<seed_linear, xest::optim::gradient_descent> est({.log_step_count_steps = 0},
                                                                                {.learning_rate = 0.01f});
    xt::xtensor<float, 1> const x = {1.0f, 2.0f, 3.0f};
    xt::xtensor<float, 1> const y = {2.0f, 4.0f, 5.9f};
    auto input = xest::inputs::from_arrays<1>(x, y, {.num_epochs = xest::repeat});
    est.train(input, xest::steps{20});
    std::string const path = temp_path("estimator");
    std::remove(path.c_str());
    xest::export_header(est, path, "seed");
    std::string const text = read(path);
    float const w = est.model().W.value(0, 0);
    float const b = est.model().b.value(0);
    CHECK(w != 0.5f);  // trained
    CHECK(text.find("struct weight<\"weights\">") != std::string::npos);
    CHECK(text.find("static constexpr float values[1] = {\n            " + hex(w) + ",") != std::string::npos);
    CHECK(text.find("static constexpr float values[1] = {\n            " + hex(b) + ",") != std::string::npos);
    std::remove(path.c_str());
}
