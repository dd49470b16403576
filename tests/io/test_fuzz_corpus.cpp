// Every input of the fuzzers' corpora (tests/fuzz/corpus/: seeds, and any input that once made a
// fuzzer crash) replayed through the same readers in the normal suite, so that the sanitizer
// builds check them on every run without libFuzzer.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <xestimator/io/checkpoint.hpp>
#include <xestimator/io/npz.hpp>

#include "event_reader.hpp"
#include "io_test_support.hpp"

namespace fs = std::filesystem;

namespace
{
    std::vector<fs::path> corpus(std::string const& target)
    {
        std::vector<fs::path> files;
        for (auto const& e : fs::directory_iterator(fs::path(XEST_TEST_DATA_DIR) / ".." / "fuzz" / "corpus" / target))
        {
            files.push_back(e.path());
        }
        return files;
    }
}

TEST_CASE("the .npz reader reads or refuses every corpus input, and what it reads round-trips")
{
    auto const files = corpus("npz");
    REQUIRE(files.size() >= 2u);
    int read = 0;
    for (auto const& f : files)
    {
        INFO(f.string());
        std::vector<xest::io::array_entry> entries;
        if (xest::io::detail::parse_npz(xest_test::read_bytes(f), entries).empty())
        {
            ++read;
            std::vector<xest::io::array_entry> back;
            CHECK(xest::io::detail::parse_npz(xest::io::npz_bytes(entries), back).empty());
            CHECK(back.size() == entries.size());
        }
    }
    CHECK(read >= 2); // the seeds written by the library are read
}

TEST_CASE("the checkpoint index parser reads or refuses every corpus input")
{
    auto const files = corpus("checkpoint_index");
    REQUIRE(files.size() >= 3u);
    int read = 0;
    for (auto const& f : files)
    {
        INFO(f.string());
        read += xest::io::detail::parse_index(xest_test::read_bytes(f)).has_value() ? 1 : 0;
    }
    CHECK(read >= 3);
}

TEST_CASE("the event-file decoder decodes every corpus input without a fault")
{
    auto const files = corpus("event_reader");
    REQUIRE(files.size() >= 3u);
    for (auto const& f : files)
    {
        INFO(f.string());
        auto const d = xest_test::events::decode(xest_test::read_bytes(f));
        CHECK(d.bytes_ok <= d.bytes);
    }
}
