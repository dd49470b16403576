#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xestimator/io/checkpoint.hpp>

#include "io_test_support.hpp"

namespace fs = std::filesystem;
using xest::io::array_entry;
using xest::io::checkpoint_manager;

namespace
{
    /// A checkpoint whose contents tell which step wrote it.
    std::vector<array_entry> entries_for(std::int64_t step, std::size_t n = 16)
    {
        std::vector<float> w(n);
        for (std::size_t i = 0; i < n; ++i)
        {
            w[i] = static_cast<float>(step) + static_cast<float>(i) * 0.25f;
        }
        std::vector<std::int64_t> const s{step};
        return {array_entry::from("dense/kernel", {n}, std::span<float const>(w)),
                array_entry::from("global_step", {}, std::span<std::int64_t const>(s))};
    }

    /// Throws unless @p entries are exactly what entries_for(step) wrote.
    void check_contents(std::vector<array_entry> const& entries, std::int64_t step)
    {
        REQUIRE(entries.size() == 2u);
        REQUIRE(entries[1].to_vector<std::int64_t>() == std::vector<std::int64_t>{step});
        std::vector<float> const w = entries[0].to_vector<float>();
        std::vector<float> expected(w.size());
        for (std::size_t i = 0; i < w.size(); ++i)
        {
            expected[i] = static_cast<float>(step) + static_cast<float>(i) * 0.25f;
        }
        REQUIRE(w == expected);
    }

    std::vector<std::string> names(std::vector<fs::path> const& paths)
    {
        std::vector<std::string> out;
        for (auto const& p : paths)
        {
            out.push_back(p.filename().string());
        }
        return out;
    }

    std::vector<std::string> dir_listing(fs::path const& dir)
    {
        std::vector<std::string> out;
        for (auto const& e : fs::directory_iterator(dir))
        {
            out.push_back(e.path().filename().string());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    void flip_byte(fs::path const& p, std::size_t from_end)
    {
        std::string b = xest_test::read_bytes(p);
        b[b.size() / 2 - from_end] = static_cast<char>(b[b.size() / 2 - from_end] ^ 0x40);
        xest_test::write_bytes(p, b);
    }
}

TEST_CASE("save keeps the newest keep_max checkpoints and writes TensorFlow's index format")
{
    xest_test::scratch_dir dir;
    checkpoint_manager m(dir / "model", 3);
    CHECK(!m.latest());
    CHECK(m.all().empty());
    for (std::int64_t step = 100; step <= 600; step += 100)
    {
        fs::path const p = m.save(step, entries_for(step));
        CHECK(p == dir / "model" / ("model.ckpt-" + std::to_string(step) + ".npz"));
        CHECK(m.latest() == p);
    }
    CHECK(names(m.all()) == std::vector<std::string>{"model.ckpt-400.npz", "model.ckpt-500.npz", "model.ckpt-600.npz"});
    CHECK(dir_listing(dir / "model")
          == std::vector<std::string>{"checkpoint", "model.ckpt-400.npz", "model.ckpt-500.npz", "model.ckpt-600.npz"});
    CHECK(xest_test::read_bytes(dir / "model" / "checkpoint")
          == "model_checkpoint_path: \"model.ckpt-600.npz\"\n"
             "all_model_checkpoint_paths: \"model.ckpt-400.npz\"\n"
             "all_model_checkpoint_paths: \"model.ckpt-500.npz\"\n"
             "all_model_checkpoint_paths: \"model.ckpt-600.npz\"\n");
    check_contents(checkpoint_manager::load(*m.latest()), 600);

    // A second manager (a restarted process) continues the same sequence.
    checkpoint_manager again(dir / "model/", 3);
    again.save(700, entries_for(700));
    CHECK(names(again.all()) == std::vector<std::string>{"model.ckpt-500.npz", "model.ckpt-600.npz", "model.ckpt-700.npz"});
    CHECK(m.latest() == dir / "model" / "model.ckpt-700.npz");
}

TEST_CASE("keep_max 0 keeps every checkpoint, a negative keep_max is refused")
{
    xest_test::scratch_dir dir;
    checkpoint_manager m(dir.path(), 0);
    for (std::int64_t step = 1; step <= 12; ++step)
    {
        m.save(step, entries_for(step));
    }
    CHECK(m.all().size() == 12u);
    CHECK(names(m.all()).front() == "model.ckpt-1.npz"); // ordered by step, not by name
    CHECK(names(m.all()).back() == "model.ckpt-12.npz");
    CHECK_THROWS_AS(checkpoint_manager(dir.path(), -1), xest::config_error);
    CHECK(checkpoint_manager::step_of("x/model.ckpt-1234.npz") == std::int64_t{1234});
    CHECK(!checkpoint_manager::step_of("model.ckpt-12a.npz"));
    CHECK(!checkpoint_manager::step_of("model.ckpt-.npz"));
    CHECK(!checkpoint_manager::step_of(".model.ckpt-5.npz.tmp-1-2"));
}

TEST_CASE("rotation never removes a file the index names but the library did not write")
{
    xest_test::scratch_dir dir;
    fs::path const model = dir / "model";
    fs::create_directories(model / "sub");
    fs::create_directories(dir / "elsewhere");
    // Files a user keeps, some named like checkpoints but outside the model directory.
    std::vector<fs::path> const precious = {dir / "precious.dat", model / "best.npz", model / "sub" / "model.ckpt-1.npz",
                                            dir / "elsewhere" / "model.ckpt-2.npz", model / "model.ckpt-x.npz"};
    for (auto const& p : precious)
    {
        xest_test::write_bytes(p, "user data " + p.filename().string());
    }
    // An index (edited by hand, or written by another tool) naming each of them.
    xest_test::write_bytes(model / "checkpoint",
                           "model_checkpoint_path: \"best.npz\"\n"
                           "all_model_checkpoint_paths: \"../precious.dat\"\n"
                           "all_model_checkpoint_paths: \"best.npz\"\n"
                           "all_model_checkpoint_paths: \"sub/model.ckpt-1.npz\"\n"
                           "all_model_checkpoint_paths: \"../elsewhere/model.ckpt-2.npz\"\n"
                           "all_model_checkpoint_paths: \""
                               + (dir / "elsewhere" / "model.ckpt-2.npz").string()
                               + "\"\n"
                                 "all_model_checkpoint_paths: \"model.ckpt-x.npz\"\n");
    checkpoint_manager m(model, 1);
    for (std::int64_t step = 10; step <= 40; step += 10)
    {
        m.save(step, entries_for(step));
    }
    for (auto const& p : precious)
    {
        INFO(p.string());
        CHECK(xest_test::read_bytes(p) == "user data " + p.filename().string());
    }
    // Rotation still applies to the library's own checkpoints.
    CHECK_FALSE(fs::exists(model / "model.ckpt-10.npz"));
    CHECK_FALSE(fs::exists(model / "model.ckpt-30.npz"));
    CHECK(m.latest() == model / "model.ckpt-40.npz");
    CHECK(m.owns(model / "model.ckpt-40.npz"));
    CHECK(m.owns(model / "sub" / ".." / "model.ckpt-40.npz"));
    CHECK_FALSE(m.owns(model / "best.npz"));
    CHECK_FALSE(m.owns(dir / "elsewhere" / "model.ckpt-2.npz"));
    CHECK_FALSE(m.owns(model / "sub" / "model.ckpt-1.npz"));
}

TEST_CASE("latest() falls back to the directory when the index is missing, damaged or stale")
{
    xest_test::scratch_dir dir;
    checkpoint_manager m(dir.path(), 5);
    m.save(10, entries_for(10));
    m.save(20, entries_for(20));
    fs::path const index = dir / "checkpoint";

    fs::remove(index);
    CHECK(m.latest() == dir / "model.ckpt-20.npz");
    xest_test::write_bytes(index, "this is not a checkpoint index\n");
    CHECK(m.latest() == dir / "model.ckpt-20.npz");
    xest_test::write_bytes(index, "model_checkpoint_path: \"model.ckpt-99.npz\"\n");
    CHECK(m.latest() == dir / "model.ckpt-20.npz");
    // An index written by TensorFlow (absolute paths, extra keys) is understood.
    xest_test::write_bytes(index, "model_checkpoint_path: \"" + (dir / "model.ckpt-10.npz").string()
                                      + "\"\nall_model_checkpoint_paths: \"model.ckpt-10.npz\"\n"
                                        "all_model_checkpoint_timestamps: 1700000000.5\n");
    CHECK(m.latest() == dir / "model.ckpt-10.npz");
}

TEST_CASE("load_latest_intact skips corrupted checkpoints with a warning naming each")
{
    xest_test::scratch_dir dir;
    checkpoint_manager m(dir.path(), 0);
    CHECK(!m.load_latest_intact());
    for (std::int64_t step : {100, 200, 300})
    {
        m.save(step, entries_for(step, 1000));
    }
    auto r = m.load_latest_intact();
    REQUIRE(r);
    CHECK(r->path == dir / "model.ckpt-300.npz");
    CHECK(r->warnings.empty());
    check_contents(r->entries, 300);

    flip_byte(dir / "model.ckpt-300.npz", 0);
    r = m.load_latest_intact();
    REQUIRE(r);
    CHECK(r->path == dir / "model.ckpt-200.npz");
    check_contents(r->entries, 200);
    REQUIRE(r->warnings.size() == 1u);
    CHECK(r->warnings[0].find("model.ckpt-300.npz") != std::string::npos);
    CHECK(r->warnings[0].find("CRC-32 mismatch") != std::string::npos);

    fs::resize_file(dir / "model.ckpt-200.npz", 1500);
    r = m.load_latest_intact();
    REQUIRE(r);
    CHECK(r->path == dir / "model.ckpt-100.npz");
    REQUIRE(r->warnings.size() == 2u);
    CHECK(r->warnings[1].find("model.ckpt-200.npz") != std::string::npos);
    CHECK(r->warnings[1].find("truncated") != std::string::npos);

    xest_test::write_bytes(dir / "model.ckpt-100.npz", "");
    try
    {
        m.load_latest_intact();
        FAIL("no checkpoint_error");
    }
    catch (xest::checkpoint_error const& e)
    {
        std::string const msg = e.what();
        for (char const* name : {"model.ckpt-100.npz", "model.ckpt-200.npz", "model.ckpt-300.npz"})
        {
            CHECK(msg.find(name) != std::string::npos);
        }
        CHECK(msg.find(dir.path().string()) != std::string::npos);
    }
    CHECK_THROWS_AS(checkpoint_manager::load(dir / "model.ckpt-300.npz"), xest::checkpoint_error);
}

TEST_CASE("a failed save leaves the previous checkpoints and index untouched")
{
    struct guard
    {
        ~guard() { xest::io::detail::fail_next_writes = 0; }
    } restore;
    xest_test::scratch_dir dir;
    checkpoint_manager m(dir.path(), 2);
    m.save(1, entries_for(1));
    m.save(2, entries_for(2));
    std::string const index_before = xest_test::read_bytes(dir / "checkpoint");
    auto const listing_before = dir_listing(dir.path());
    xest::io::detail::fail_next_writes = 1;
    CHECK_THROWS_WITH_AS(m.save(3, entries_for(3)), doctest::Contains("model.ckpt-3.npz"), xest::io_error);
    CHECK(xest_test::read_bytes(dir / "checkpoint") == index_before);
    CHECK(dir_listing(dir.path()) == listing_before);
    CHECK(m.latest() == dir / "model.ckpt-2.npz");
}

TEST_CASE("an unwritable model directory gives an io_error naming it")
{
    // Tests may run as root, for whom permission bits do not stop writes: use a path under a file.
    checkpoint_manager m("/etc/passwd/x", 5);
    CHECK(!m.latest());
    CHECK(!m.load_latest_intact());
    try
    {
        m.save(1, entries_for(1));
        FAIL("no io_error");
    }
    catch (xest::io_error const& e)
    {
        CHECK(std::string(e.what()).find("'/etc/passwd/x'") != std::string::npos);
    }
}

TEST_CASE("a process killed at a random instant while saving always leaves a loadable latest checkpoint")
{
    xest_test::scratch_dir dir;
    fs::path const model = dir / "model";
    checkpoint_manager m(model, 3);
    m.save(0, entries_for(0, 1 << 16)); // 256 KiB of weights per checkpoint
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<int> delay_us(1000, 60000);
    int with_leftovers = 0;
    int saves = 0;
    for (int round = 0; round < 20; ++round)
    {
        std::int64_t const first = *checkpoint_manager::step_of(m.all().back()) + 1;
        pid_t const pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
        {
            try
            {
                checkpoint_manager child(model, 3);
                for (std::int64_t step = first;; ++step)
                {
                    child.save(step, entries_for(step, 1 << 16));
                }
            }
            catch (...)
            {
                ::_exit(1);
            }
        }
        ::usleep(static_cast<useconds_t>(delay_us(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE_MESSAGE(WIFSIGNALED(status), "the saving process stopped by itself in round " << round);

        auto const latest = m.latest();
        REQUIRE(latest);
        std::int64_t const step = *checkpoint_manager::step_of(*latest);
        check_contents(checkpoint_manager::load(*latest), step);
        auto r = m.load_latest_intact();
        REQUIRE(r);
        CHECK(r->warnings.empty());
        // Every checkpoint present is complete (files saved but not yet indexed or deleted when the
        // kill came included) and the index lists at most keep_max files, all of them existing.
        auto const all = m.all();
        for (auto const& p : all)
        {
            check_contents(checkpoint_manager::load(p), *checkpoint_manager::step_of(p));
        }
        std::string const index = xest_test::read_bytes(model / "checkpoint");
        std::size_t listed = 0;
        for (std::size_t at = index.find("all_model"); at != std::string::npos; at = index.find("all_model", at + 1))
        {
            ++listed;
        }
        CHECK(listed >= 1u);
        CHECK(listed <= 3u);
        for (std::size_t at = index.find('"'); at != std::string::npos; at = index.find('"', index.find('"', at + 1) + 1))
        {
            std::size_t const end = index.find('"', at + 1);
            CHECK(fs::exists(model / index.substr(at + 1, end - at - 1)));
        }
        saves += static_cast<int>(*checkpoint_manager::step_of(all.back()) - first + 1);
        for (auto const& name : dir_listing(model))
        {
            if (name[0] == '.')
            {
                ++with_leftovers;
                break;
            }
        }
    }
    MESSAGE(saves << " saves in 20 rounds; " << with_leftovers << " kills landed inside an atomic write");

    // The next save cleans up what the killed processes left behind.
    std::int64_t const next = *checkpoint_manager::step_of(m.all().back()) + 1;
    m.save(next, entries_for(next, 1 << 16));
    auto const listing = dir_listing(model);
    CHECK(listing.size() == 4u); // the index and three checkpoints
    for (auto const& name : listing)
    {
        CHECK_MESSAGE(name[0] != '.', "left behind: " << name);
    }
}
