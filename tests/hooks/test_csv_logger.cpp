#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <xestimator/hooks/csv_logger.hpp>

#include "hooks_test_support.hpp"

namespace
{
    namespace fs = std::filesystem;

    struct temp_dir
    {
        fs::path path;
        temp_dir()
            // ctest runs test cases as parallel processes: the clock keeps their folders apart.
            : path(fs::temp_directory_path()
                   / ("xest_hooks_csv_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count())))
        {
            fs::remove_all(path);
            fs::create_directories(path);
        }
        ~temp_dir()
        {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    };

    std::string read_file(fs::path const& p)
    {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
}

TEST_CASE("csv_logger writes a header and every n-th step, values exact to the bit")
{
    temp_dir dir;
    fs::path const file = dir.path / "loss.csv";
    std::vector<float> const losses{0.1f, 0.2f, 1.0f / 3.0f, 1e-7f, 12345.678f, 0.5f};
    {
        std::tuple<xest::hooks::csv_logger> hooks{xest::hooks::csv_logger{.path = file, .every_n_steps = 2}};
        hooks_test::simulate(hooks, losses, 0, -1, 0.01f);
    }
    auto const lines = hooks_test::split_lines(read_file(file));
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "step,loss,learning_rate");
    CHECK(lines[1] == "2,0.200000003,0.00999999978");
    for (std::size_t row = 1; row < lines.size(); ++row)
    {
        char* end = nullptr;
        long long const step = std::strtoll(lines[row].c_str(), &end, 10);
        CHECK(step == static_cast<long long>(2 * row));
        REQUIRE(*end == ',');
        float const loss = std::strtof(end + 1, &end);
        REQUIRE(*end == ',');
        float const lr = std::strtof(end + 1, &end);
        CHECK(loss == losses[2 * row - 1]);
        CHECK(lr == 0.01f);
    }
}

TEST_CASE("csv_logger appends on a second train() call and with append = true")
{
    temp_dir dir;
    fs::path const file = dir.path / "loss.csv";
    std::tuple<xest::hooks::csv_logger> hooks{xest::hooks::csv_logger{.path = file}};
    hooks_test::simulate(hooks, {1.0f, 2.0f});
    hooks_test::simulate(hooks, {3.0f}, 2);
    CHECK(read_file(file) == "step,loss,learning_rate\n1,1,0.100000001\n2,2,0.100000001\n3,3,0.100000001\n");

    std::tuple<xest::hooks::csv_logger> appender{xest::hooks::csv_logger{.path = file, .append = true}};
    hooks_test::simulate(appender, {4.0f}, 3);
    CHECK(hooks_test::split_lines(read_file(file)).size() == 5);

    fs::path const fresh = dir.path / "fresh.csv";
    std::tuple<xest::hooks::csv_logger> fresh_appender{xest::hooks::csv_logger{.path = fresh, .append = true}};
    hooks_test::simulate(fresh_appender, {4.0f});
    CHECK(read_file(fresh) == "step,loss,learning_rate\n1,4,0.100000001\n");

    std::tuple<xest::hooks::csv_logger> truncating{xest::hooks::csv_logger{.path = file}};
    hooks_test::simulate(truncating, {5.0f}, 9);
    CHECK(read_file(file) == "step,loss,learning_rate\n10,5,0.100000001\n");
}

TEST_CASE("csv_logger closes its file when the loop is left by an exception")
{
    temp_dir dir;
    fs::path const file = dir.path / "loss.csv";
    {
        xest::hooks::csv_logger logger{.path = file};
        auto hooks = std::tie(logger);
        xest::hooks::begin_all(hooks, xest::run_info{});
        (void)xest::hooks::after_step_all(hooks, xest::step_info{.step = 1, .loss = 0.5f, .learning_rate = 1.0f});
        // no end(): the destructor flushes and closes
    }
    CHECK(read_file(file) == "step,loss,learning_rate\n1,0.5,1\n");
}

TEST_CASE("csv_logger names the path when it cannot open the file")
{
    temp_dir dir;
    fs::path const file = dir.path / "missing" / "loss.csv";
    std::tuple<xest::hooks::csv_logger> hooks{xest::hooks::csv_logger{.path = file}};
    CHECK_THROWS_WITH_AS(xest::hooks::begin_all(hooks, xest::run_info{}),
                         doctest::Contains((file.string() + "' for writing: ").c_str()), xest::io_error);
}
