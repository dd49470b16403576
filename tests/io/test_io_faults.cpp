// The I/O fault shim (io/detail/posix.hpp): every system call of a checkpoint save and of an
// event-file flush is made to fail in turn (EIO, ENOSPC, a write cut short by a full disk); after
// each, the previous state must still be readable and the next save or flush must work.
#include <doctest/doctest.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <xestimator/io/checkpoint.hpp>
#include <xestimator/io/event_writer.hpp>

#include "event_reader.hpp"
#include "io_test_support.hpp"

namespace fs = std::filesystem;
using xest::io::array_entry;
using xest::io::checkpoint_manager;
using fault = xest::io::detail::io_fault_plan::kind_type;

namespace
{
    auto& faults = xest::io::detail::io_faults;

    struct disarm_at_exit
    {
        ~disarm_at_exit() { faults.disarm(); }
    };

    std::vector<array_entry> entries_for(std::int64_t step)
    {
        std::vector<float> w(300);
        for (std::size_t i = 0; i < w.size(); ++i)
        {
            w[i] = static_cast<float>(step) + 0.5f * static_cast<float>(i);
        }
        return {array_entry::from("w", {w.size()}, std::span<float const>(w))};
    }

    std::int64_t step_in(std::vector<array_entry> const& entries)
    {
        REQUIRE(entries.size() == 1u);
        return static_cast<std::int64_t>(entries[0].to_vector<float>().at(0));
    }

    bool temporaries_left(fs::path const& dir)
    {
        for (auto const& e : fs::directory_iterator(dir))
        {
            if (e.path().filename().string().find(".tmp-") != std::string::npos)
            {
                return true;
            }
        }
        return false;
    }

    struct case_type
    {
        fault kind;
        int error;
    };
    case_type const cases[] = {{fault::error, EIO}, {fault::error, ENOSPC}, {fault::short_write, ENOSPC}};
}

TEST_CASE("a checkpoint save failing at any system call leaves the previous checkpoint restorable")
{
    disarm_at_exit guard;
    // How many calls one save makes (with rotation: keep_max 2, third save onward).
    long calls_per_save = 0;
    {
        xest_test::scratch_dir tmp;
        checkpoint_manager m(tmp.path(), 2);
        m.save(1, entries_for(1));
        m.save(2, entries_for(2));
        faults.arm(-1);
        m.save(3, entries_for(3));
        calls_per_save = faults.calls.load();
    }
    MESSAGE("system calls per checkpoint save: " << calls_per_save);
    REQUIRE(calls_per_save >= 10); // open, write, fsync, close, rename, directory sync: twice; unlink

    int failures = 0;
    for (auto const& c : cases)
    {
        for (long k = 0; k < calls_per_save; ++k)
        {
            CAPTURE(k);
            CAPTURE(c.error);
            CAPTURE(static_cast<int>(c.kind));
            xest_test::scratch_dir tmp;
            checkpoint_manager m(tmp.path(), 2);
            m.save(1, entries_for(1));
            m.save(2, entries_for(2));
            faults.arm(k, c.error, c.kind);
            bool threw = false;
            try
            {
                m.save(3, entries_for(3));
            }
            catch (xest::io_error const&)
            {
                threw = true;
            }
            faults.disarm();
            failures += threw ? 1 : 0;

            // Whatever happened, a restore finds an intact checkpoint: the new one or the previous.
            auto const restored = checkpoint_manager(tmp.path(), 2).load_latest_intact();
            REQUIRE(restored);
            CHECK(restored->warnings.empty());
            std::int64_t const step = step_in(restored->entries);
            CHECK((step == 2 || step == 3));
            if (threw)
            {
                CHECK_FALSE(temporaries_left(tmp.path()));
            }
            // And the next save works and is the one restored.
            m.save(4, entries_for(4));
            auto const next = checkpoint_manager(tmp.path(), 2).load_latest_intact();
            REQUIRE(next);
            CHECK(step_in(next->entries) == 4);
        }
    }
    CHECK(failures > 0);
}

TEST_CASE("an event-file flush failing at any system call keeps every earlier record readable")
{
    disarm_at_exit guard;
    long calls_per_flush = 0;
    {
        xest_test::scratch_dir tmp;
        xest::io::event_writer w(tmp.path(), 1e9);
        w.add_scalar("before", 1.0, 1);
        w.flush();
        faults.arm(-1);
        w.add_scalar("during", 2.0, 2);
        w.flush();
        calls_per_flush = faults.calls.load();
    }
    MESSAGE("system calls per event-file flush: " << calls_per_flush);
    REQUIRE(calls_per_flush >= 2); // write, fsync

    for (auto const& c : cases)
    {
        for (long k = 0; k < calls_per_flush; ++k)
        {
            CAPTURE(k);
            CAPTURE(c.error);
            xest_test::scratch_dir tmp;
            bool threw = false;
            {
                xest::io::event_writer w(tmp.path(), 1e9);
                for (std::int64_t s = 0; s < 50; ++s)
                {
                    w.add_scalar("before", static_cast<double>(s), s);
                }
                w.flush();
                faults.arm(k, c.error, c.kind);
                for (std::int64_t s = 50; s < 100; ++s)
                {
                    w.add_scalar("during", static_cast<double>(s), s);
                }
                try
                {
                    w.flush();
                }
                catch (xest::io_error const& e)
                {
                    threw = true;
                    CHECK(std::string(e.what()).find(tmp.path().string()) != std::string::npos);
                }
                faults.disarm();
                w.add_scalar("after", 100.0, 100);
                w.flush();
            }
            if (c.kind == fault::error)
            {
                CHECK(threw); // a short write only cuts writes, not the fsync
            }
            auto const d = xest_test::events::read_directory(tmp.path());
            CHECK(d.errors.empty());
            CHECK(d.series(".", "before").size() == 50u);
            CHECK(d.steps(".", "after") == std::vector<std::int64_t>{100});
            // Records of the failed flush are either all there (the failing call came after the
            // write) or form a prefix ending where the disk filled up.
            for (auto const& p : d.series(".", "during"))
            {
                CHECK(p.value == static_cast<double>(p.step));
            }
        }
    }
}
