// The training lock of a model directory: one writer at a time, in one process or in several.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <xestimator/io/dir_lock.hpp>

#include "io_test_support.hpp"

namespace fs = std::filesystem;
using xest::io::dir_lock;

namespace
{
    std::string message_of_second_lock(fs::path const& dir)
    {
        try
        {
            dir_lock second(dir);
        }
        catch (xest::io_error const& e)
        {
            return e.what();
        }
        return "";
    }
}

TEST_CASE("a second lock on a model directory fails naming the holder, release lets the next writer in")
{
    xest_test::scratch_dir tmp;
    fs::path const dir = tmp / "model";
    {
        dir_lock first(dir);
        CHECK(first.owns_lock());
        CHECK(fs::is_directory(dir));
        CHECK(first.path() == dir / ".xestimator.lock");
        std::string const msg = message_of_second_lock(dir);
        INFO(msg);
        CHECK(msg.find("'" + dir.string() + "'") != std::string::npos);
        CHECK(msg.find("process " + std::to_string(::getpid())) != std::string::npos);
        CHECK(msg.find("this process") != std::string::npos);
        CHECK(msg.find("another model_dir") != std::string::npos);

        dir_lock moved = std::move(first);
        CHECK(moved.owns_lock());
        CHECK_FALSE(first.owns_lock()); // NOLINT(bugprone-use-after-move): the moved-from state is specified
        CHECK_FALSE(message_of_second_lock(dir).empty());
        moved.release();
        CHECK_FALSE(moved.owns_lock());
        dir_lock again(dir);
        CHECK(again.owns_lock());
    }
    // After release the file stays, empty: no stale holder text.
    CHECK(fs::exists(dir / ".xestimator.lock"));
    CHECK(fs::file_size(dir / ".xestimator.lock") == 0u);
    dir_lock after(dir);
    CHECK(after.owns_lock());
}

TEST_CASE("another process cannot take the lock while it is held, and gets it once the holder dies")
{
    xest_test::scratch_dir tmp;
    fs::path const dir = tmp / "model";
    {
        dir_lock held(dir);
        pid_t const pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
        {
            // Not the inherited descriptor: a lock object of the child's own.
            std::string const msg = message_of_second_lock(dir);
            ::_exit(msg.find("process " + std::to_string(::getppid())) != std::string::npos ? 0 : 1);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }

    // A holder killed without releasing: the kernel drops its lock, nothing stale remains.
    pid_t const pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0)
    {
        dir_lock mine(dir);
        ::_exit(0); // no destructor runs
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    dir_lock after(dir);
    CHECK(after.owns_lock());
}

TEST_CASE("a lock in an impossible place names the directory")
{
    try
    {
        dir_lock bad("/proc/self/no-such-model-dir");
        FAIL("no io_error");
    }
    catch (xest::io_error const& e)
    {
        CHECK(std::string(e.what()).find("/proc/self/no-such-model-dir") != std::string::npos);
    }
}
