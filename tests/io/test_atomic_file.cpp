#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <xestimator/io/atomic_file.hpp>

#include "io_test_support.hpp"

namespace fs = std::filesystem;

namespace
{
    std::vector<std::string> names_in(fs::path const& dir)
    {
        std::vector<std::string> names;
        for (auto const& e : fs::directory_iterator(dir))
        {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    // Restores the fault counter even when a check fails.
    struct fault_guard
    {
        ~fault_guard() { xest::io::detail::fail_next_writes = 0; }
    };
}

TEST_CASE("write_file_atomically creates and replaces a file, leaving nothing else behind")
{
    xest_test::scratch_dir dir;
    fs::path const target = dir / "data.bin";
    std::string const first(100000, 'a');
    xest::io::write_file_atomically(target, first);
    CHECK(xest_test::read_bytes(target) == first);
    std::string second = "short\0binary\xff", third;
    xest::io::write_file_atomically(target, second);
    CHECK(xest_test::read_bytes(target) == second);
    xest::io::write_file_atomically(target, third);
    CHECK(fs::file_size(target) == 0u);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"data.bin"});
}

TEST_CASE("an injected ENOSPC leaves the previous file byte-identical and removes the temporary file")
{
    fault_guard guard;
    xest_test::scratch_dir dir;
    fs::path const target = dir / "model.ckpt-1.npz";
    std::string old_bytes;
    for (int i = 0; i < 5000; ++i)
    {
        old_bytes += static_cast<char>(i * 7);
    }
    xest::io::write_file_atomically(target, old_bytes);

    xest::io::detail::fail_next_writes = 1;
    std::string message;
    try
    {
        xest::io::write_file_atomically(target, std::string(4096, 'z'));
    }
    catch (xest::io_error const& e)
    {
        message = e.what();
    }
    REQUIRE(!message.empty());
    CHECK(message.find(target.string()) != std::string::npos);
    CHECK(message.find(std::strerror(ENOSPC)) != std::string::npos);
    CHECK(xest::io::detail::fail_next_writes == 0);
    CHECK(xest_test::read_bytes(target) == old_bytes);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"model.ckpt-1.npz"});

    // The counter fails exactly that many writes, then writing works again.
    xest::io::detail::fail_next_writes = 2;
    CHECK_THROWS_AS(xest::io::write_file_atomically(target, "x"), xest::io_error);
    CHECK_THROWS_AS(xest::io::write_file_atomically(target, "y"), xest::io_error);
    xest::io::write_file_atomically(target, "new");
    CHECK(xest_test::read_bytes(target) == "new");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"model.ckpt-1.npz"});
}

TEST_CASE("write_file_atomically into a missing directory names the path")
{
    xest_test::scratch_dir dir;
    fs::path const target = dir / "missing" / "file.txt";
    try
    {
        xest::io::write_file_atomically(target, "abc");
        FAIL("no io_error");
    }
    catch (xest::io_error const& e)
    {
        CHECK(std::string(e.what()).find(target.string()) != std::string::npos);
        CHECK(std::string(e.what()).find(std::strerror(ENOENT)) != std::string::npos);
    }
    CHECK(!fs::exists(dir / "missing"));
}

TEST_CASE("ensure_writable_directory creates parents and leaves no probe file")
{
    xest_test::scratch_dir dir;
    fs::path const nested = dir / "a" / "b" / "c";
    xest::io::ensure_writable_directory(nested);
    CHECK(fs::is_directory(nested));
    CHECK(fs::is_empty(nested));
    xest::io::ensure_writable_directory(nested); // existing: fine
    CHECK(fs::is_empty(nested));
}

TEST_CASE("ensure_writable_directory names a directory that cannot exist or is a file")
{
    // Tests may run as root, for whom permission bits do not stop writes; a path under a
    // regular file fails for everyone.
    for (std::string const bad : {"/etc/passwd/x", "/etc/passwd/x/y"})
    {
        try
        {
            xest::io::ensure_writable_directory(bad);
            FAIL("no io_error for " << bad);
        }
        catch (xest::io_error const& e)
        {
            CHECK(std::string(e.what()).find("'" + bad + "'") != std::string::npos);
        }
    }
    xest_test::scratch_dir dir;
    xest_test::write_bytes(dir / "plain", "x");
    try
    {
        xest::io::ensure_writable_directory(dir / "plain");
        FAIL("no io_error for a regular file");
    }
    catch (xest::io_error const& e)
    {
        CHECK(std::string(e.what()).find((dir / "plain").string()) != std::string::npos);
    }
}
