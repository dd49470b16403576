#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <xestimator/io/npz.hpp>

#include "io_test_support.hpp"

namespace fs = std::filesystem;
using xest::io::array_entry;

namespace
{
    std::vector<array_entry> sample_entries()
    {
        std::vector<float> const kernel{0.5f, -1.25f, 3.0f, 1e-7f, -0.0f, 65504.0f};
        std::vector<double> const bias{0.1, -0.2};
        std::vector<std::int64_t> const step{std::int64_t{1} << 40};
        std::vector<std::int32_t> const counts{-3, 0, 7, 2147483647};
        std::vector<std::uint64_t> const ids{18446744073709551615ull, 1};
        std::vector<float> const empty;
        return {array_entry::from("dense/kernel", {2, 3}, std::span<float const>(kernel)),
                array_entry::from("dense/bias", {2}, std::span<double const>(bias)),
                array_entry::from("global_step", {}, std::span<std::int64_t const>(step)),
                array_entry::from("deep/er/counts", {2, 1, 2}, std::span<std::int32_t const>(counts)),
                array_entry::from("ids", {2}, std::span<std::uint64_t const>(ids)),
                array_entry::from("empty", {0, 4}, std::span<float const>(empty))};
    }

    bool same(std::vector<array_entry> const& a, std::vector<array_entry> const& b)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            if (a[i].name != b[i].name || a[i].shape != b[i].shape || a[i].dtype != b[i].dtype || a[i].data != b[i].data)
            {
                return false;
            }
        }
        return true;
    }

    /// The checkpoint_error message for a damaged file, or "" when it parses.
    std::string fault_of(fs::path const& p, std::vector<array_entry>* parsed = nullptr)
    {
        try
        {
            auto entries = xest::io::read_npz(p);
            if (parsed)
            {
                *parsed = std::move(entries);
            }
            return {};
        }
        catch (xest::checkpoint_error const& e)
        {
            return e.what();
        }
    }
}

TEST_CASE("array_entry converts values in and out and checks dtype and count")
{
    std::vector<float> const v{1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
    array_entry const e = array_entry::from("w", {3, 2}, std::span<float const>(v));
    CHECK(e.dtype == "<f4");
    CHECK(e.size() == 6u);
    CHECK(e.data.size() == 24u);
    CHECK(e.to_vector<float>() == v);
    std::vector<float> mutable_values{7.f};
    CHECK(array_entry::from("m", {1}, std::span<float>(mutable_values)).to_vector<float>() == mutable_values);
    CHECK(array_entry::from("d", {1}, std::span<double const>(std::vector<double>{1.0})).dtype == "<f8");
    CHECK(array_entry::from("i", {1}, std::span<std::int64_t const>(std::vector<std::int64_t>{1})).dtype == "<i8");
    CHECK(array_entry::from("u", {1}, std::span<std::uint64_t const>(std::vector<std::uint64_t>{1})).dtype == "<u8");
    CHECK(array_entry::from("j", {1}, std::span<std::int32_t const>(std::vector<std::int32_t>{1})).dtype == "<i4");

    std::vector<double> wrong_type(6);
    CHECK_THROWS_WITH_AS(e.copy_to(std::span<double>(wrong_type)), "array 'w' has dtype <f4, cannot copy it as <f8",
                         xest::checkpoint_error);
    std::vector<float> wrong_size(5);
    CHECK_THROWS_WITH_AS(e.copy_to(std::span<float>(wrong_size)),
                         "array 'w' has shape (3, 2) (6 elements), the destination holds 5", xest::checkpoint_error);
    CHECK_THROWS_WITH_AS(array_entry::from("x", {4}, std::span<float const>(v)),
                         "array 'x': shape (4,) has 4 elements but 6 values were given", xest::checkpoint_error);
}

TEST_CASE("npz round trip keeps names with '/', shapes, dtypes and bytes")
{
    xest_test::scratch_dir dir;
    auto const entries = sample_entries();
    std::string const bytes = xest::io::npz_bytes(entries);
    CHECK(bytes == xest::io::npz_bytes(entries)); // deterministic: no time stamps
    xest_test::write_bytes(dir / "a.npz", bytes);
    auto const back = xest::io::read_npz(dir / "a.npz");
    CHECK(same(back, entries));
    CHECK(back[0].to_vector<float>() == std::vector<float>{0.5f, -1.25f, 3.0f, 1e-7f, -0.0f, 65504.0f});
    CHECK(back[2].shape.empty());
    CHECK(back[2].to_vector<std::int64_t>() == std::vector<std::int64_t>{std::int64_t{1} << 40});
    CHECK(back[5].size() == 0u);

    std::vector<array_entry> none;
    xest_test::write_bytes(dir / "empty.npz", xest::io::npz_bytes(none));
    CHECK(xest::io::read_npz(dir / "empty.npz").empty());
}

TEST_CASE("npz_bytes rejects names that are not safe zip members")
{
    std::vector<float> const v{1.f};
    for (std::string const bad : {"", "/abs", "a//b", "a/../b", "./a", "a/", "a\\b"})
    {
        std::vector<array_entry> const one{array_entry::from(bad, {1}, std::span<float const>(v))};
        CHECK_THROWS_AS(xest::io::npz_bytes(one), xest::checkpoint_error);
    }
    std::vector<array_entry> const twice{array_entry::from("w", {1}, std::span<float const>(v)),
                                         array_entry::from("w", {1}, std::span<float const>(v))};
    CHECK_THROWS_WITH_AS(xest::io::npz_bytes(twice), "array name 'w' appears twice in one checkpoint",
                         xest::checkpoint_error);
}

TEST_CASE("numpy.load opens the npz and sees the same arrays")
{
    std::string const py = xest_test::numpy_python_or_skip();
    xest_test::scratch_dir dir;
    xest_test::write_bytes(dir / "ckpt.npz", xest::io::npz_bytes(sample_entries()));
    std::string const program = R"(
import sys, zipfile
import numpy as np
path = sys.argv[1]
assert zipfile.ZipFile(path).testzip() is None
f = np.load(path)
assert sorted(f.files) == sorted(["dense/kernel", "dense/bias", "global_step", "deep/er/counts", "ids", "empty"]), f.files
k = f["dense/kernel"]
assert k.dtype == np.float32 and k.shape == (2, 3), (k.dtype, k.shape)
assert np.array_equal(k, np.array([[0.5, -1.25, 3.0], [1e-7, -0.0, 65504.0]], dtype=np.float32))
assert np.signbit(k[1, 1])
b = f["dense/bias"]
assert b.dtype == np.float64 and b.tolist() == [0.1, -0.2]
g = f["global_step"]
assert g.dtype == np.int64 and g.shape == () and int(g) == 2**40
c = f["deep/er/counts"]
assert c.dtype == np.int32 and c.shape == (2, 1, 2) and c.ravel().tolist() == [-3, 0, 7, 2147483647]
i = f["ids"]
assert i.dtype == np.uint64 and i.tolist() == [2**64 - 1, 1]
e = f["empty"]
assert e.dtype == np.float32 and e.shape == (0, 4)
print("verified")
)";
    auto const run_result = xest_test::run(xest_test::sh_quote(py) + " -c " + xest_test::sh_quote(program) + " "
                                              + xest_test::sh_quote((dir / "ckpt.npz").string()) + " 2>&1");
    int const status = run_result.first;
    std::string const& out = run_result.second;
    INFO(out);
    CHECK(status == 0);
    CHECK(out == "verified\n");
}

TEST_CASE("read_npz reads what numpy.savez writes, and names what it cannot read")
{
    std::string const py = xest_test::numpy_python_or_skip();
    xest_test::scratch_dir dir;
    std::string const program = R"(
import sys
import numpy as np
d = sys.argv[1]
k = (np.arange(6, dtype=np.float32) / np.float32(7)).reshape(2, 3)
np.savez(d + "/np.npz", **{"layer/kernel": k, "big_endian": np.array([1.5, -2.0], dtype=">f8"),
                            "small": np.array([-1, 2], dtype=np.int8), "scalar": np.int64(-5)})
np.savez_compressed(d + "/compressed.npz", w=k)
np.savez(d + "/fortran.npz", w=np.asfortranarray(k))
np.savez(d + "/objects.npz", w=np.array(["a", None], dtype=object))
print("written")
)";
    auto const run_result = xest_test::run(xest_test::sh_quote(py) + " -c " + xest_test::sh_quote(program) + " "
                                              + xest_test::sh_quote(dir.path().string()) + " 2>&1");
    int const status = run_result.first;
    std::string const& out = run_result.second;
    INFO(out);
    REQUIRE(status == 0);

    auto const entries = xest::io::read_npz(dir / "np.npz");
    REQUIRE(entries.size() == 4u);
    CHECK(entries[0].name == "layer/kernel");
    CHECK(entries[0].shape == std::vector<std::size_t>{2, 3});
    std::vector<float> expected;
    for (int i = 0; i < 6; ++i)
    {
        expected.push_back(static_cast<float>(i) / 7.0f);
    }
    CHECK(entries[0].to_vector<float>() == expected);
    CHECK(entries[1].dtype == "<f8"); // byte-swapped on reading
    CHECK(entries[1].to_vector<double>() == std::vector<double>{1.5, -2.0});
    CHECK(entries[2].dtype == "|i1");
    CHECK(entries[2].to_vector<std::int8_t>() == std::vector<std::int8_t>{-1, 2});
    CHECK(entries[3].shape.empty());
    CHECK(entries[3].to_vector<std::int64_t>() == std::vector<std::int64_t>{-5});

    std::string const compressed = fault_of(dir / "compressed.npz");
    CHECK(compressed.find("compressed.npz") != std::string::npos);
    CHECK(compressed.find("member 'w.npy'") != std::string::npos);
    CHECK(compressed.find("savez_compressed") != std::string::npos);
    CHECK(fault_of(dir / "fortran.npz").find("member 'w.npy': Fortran-order") != std::string::npos);
    CHECK(fault_of(dir / "objects.npz").find("member 'w.npy': unsupported dtype '|O'") != std::string::npos);
}

TEST_CASE("a flipped byte anywhere is detected or harmless, and the message names file and member")
{
    xest_test::scratch_dir dir;
    auto const entries = sample_entries();
    std::string const good = xest::io::npz_bytes(entries);
    fs::path const p = dir / "model.ckpt-7.npz";

    // A flip in the data of the second member.
    std::string bad = good;
    std::size_t const at = bad.find("dense/bias.npy") + 14 + 128 + 3; // name, npy header, into the values
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    xest_test::write_bytes(p, bad);
    std::string const msg = fault_of(p);
    CHECK(msg.find(p.string()) != std::string::npos);
    CHECK(msg.find("member 'dense/bias.npy'") != std::string::npos);
    CHECK(msg.find("CRC-32 mismatch") != std::string::npos);

    // Every position: either a checkpoint_error naming the file, or exactly the original arrays
    // (the flip hit a field no reader needs, such as the time stamp); never different numbers.
    std::size_t detected = 0;
    for (std::size_t i = 0; i < good.size(); ++i)
    {
        bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        xest_test::write_bytes(p, bad);
        std::vector<array_entry> parsed;
        std::string const m = fault_of(p, &parsed);
        if (!m.empty())
        {
            ++detected;
            REQUIRE_MESSAGE(m.find(p.string()) != std::string::npos, m);
        }
        else
        {
            REQUIRE_MESSAGE(same(parsed, entries), "flip at byte " << i << " changed the arrays silently");
        }
    }
    CHECK(detected > good.size() * 9 / 10);
}

TEST_CASE("a truncated npz is detected at every length, naming the file and the member it ends in")
{
    xest_test::scratch_dir dir;
    std::string const good = xest::io::npz_bytes(sample_entries());
    fs::path const p = dir / "model.ckpt-9.npz";
    for (std::size_t n = 0; n < good.size(); ++n)
    {
        xest_test::write_bytes(p, good.substr(0, n));
        std::string const m = fault_of(p);
        REQUIRE_MESSAGE(!m.empty(), "truncation to " << n << " bytes not detected");
        REQUIRE(m.find(p.string()) != std::string::npos);
    }
    xest_test::write_bytes(p, good.substr(0, good.find("dense/bias.npy") + 40));
    CHECK(fault_of(p).find("ends inside member 'dense/bias.npy'") != std::string::npos);

    CHECK_THROWS_AS(xest::io::read_npz(dir / "does-not-exist.npz"), xest::io_error);
}
