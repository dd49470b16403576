// The tests' independent event-file reader (tests/support/event_reader.hpp), checked against
// records encoded here by hand from the protobuf specification.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "event_reader.hpp"
#include "io_test_support.hpp"

namespace ev = xest_test::events;

namespace
{
    // A minimal protobuf encoder for the test's own records.
    std::string varint(std::uint64_t v)
    {
        std::string s;
        while (v >= 0x80)
        {
            s += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        return s + static_cast<char>(v);
    }
    std::string le(std::uint64_t v, int n)
    {
        std::string s;
        for (int i = 0; i < n; ++i)
        {
            s += static_cast<char>((v >> (8 * i)) & 0xff);
        }
        return s;
    }
    std::string key(int field, int wire) { return varint(static_cast<std::uint64_t>(field << 3 | wire)); }
    std::string f64(int field, double v) { return key(field, 1) + le(std::bit_cast<std::uint64_t>(v), 8); }
    std::string f32(int field, float v) { return key(field, 5) + le(std::bit_cast<std::uint32_t>(v), 4); }
    std::string bytes(int field, std::string const& b) { return key(field, 2) + varint(b.size()) + b; }
    std::string packed(int field, std::vector<double> const& v)
    {
        std::string b;
        for (double d : v)
        {
            b += le(std::bit_cast<std::uint64_t>(d), 8);
        }
        return bytes(field, b);
    }
    std::string record(std::string const& payload)
    {
        std::string const len = le(payload.size(), 8);
        return len + le(ev::detail::masked_crc(len), 4) + payload + le(ev::detail::masked_crc(payload), 4);
    }
    std::string version_record() { return record(f64(1, 100.0) + bytes(3, "brain.Event:2")); }
}

TEST_CASE("the reader's CRC-32C is the standard one (check value of \"123456789\")")
{
    // CRC-32C("123456789") = 0xe3069283; masked: ((c >> 15) | (c << 17)) + 0xa282ead8.
    CHECK(ev::detail::masked_crc("123456789") == 0xc78ab0e5u);
}

TEST_CASE("the reader decodes scalars, histograms (histo and the plugin's tensor form) and one-element tensors")
{
    std::string const histo = f64(1, -1.0) + f64(2, 2.0) + f64(3, 3.0) + f64(4, 1.0) + f64(5, 5.0)
                              + packed(6, {0.0, 2.0}) + key(7, 1) + le(std::bit_cast<std::uint64_t>(1.0), 8)
                              + key(7, 1) + le(std::bit_cast<std::uint64_t>(2.0), 8); // bucket unpacked
    std::string const hist_value = bytes(1, "w/hist") + bytes(5, histo);
    std::string const scalar_value = bytes(1, "loss") + f32(2, 0.25f);
    std::string const scalars_meta = bytes(9, bytes(1, bytes(1, "scalars")) + key(4, 0) + varint(1));
    std::string const tensor_scalar = bytes(1, "acc") + scalars_meta
                                      + bytes(8, key(1, 0) + varint(2) + bytes(2, "") + packed(6, {0.75}));
    std::string const rows_meta = bytes(9, bytes(1, bytes(1, "histograms")));
    std::string const rows = bytes(1, "b/hist") + rows_meta
                             + bytes(8, key(1, 0) + varint(2) + bytes(2, bytes(2, key(1, 0) + varint(2)) + bytes(2, key(1, 0) + varint(3)))
                                            + packed(6, {-1.0, 0.0, 4.0, 0.0, 1.0, 6.0}));
    std::string const summary = bytes(1, hist_value) + bytes(1, scalar_value) + bytes(1, tensor_scalar) + bytes(1, rows);
    std::string const file = version_record() + record(f64(1, 101.5) + key(2, 0) + varint(7) + bytes(5, summary));

    xest_test::scratch_dir dir;
    xest_test::write_bytes(dir / "events.out.tfevents.1.host.1.0", file);
    auto const d = ev::read_directory(dir.path());
    INFO(d.errors.size());
    CHECK(d.ok());
    CHECK(d.file_version == "brain.Event:2");
    REQUIRE(d.files.size() == 1u);
    CHECK(d.files[0].bytes_ok == file.size());

    REQUIRE(d.series(".", "loss").size() == 1u);
    CHECK(d.series(".", "loss")[0].value == 0.25);
    CHECK(d.series(".", "loss")[0].step == 7);
    CHECK(d.series(".", "loss")[0].wall_time == 101.5);
    REQUIRE(d.series(".", "acc").size() == 1u);
    CHECK(d.series(".", "acc")[0].value == 0.75);

    auto const h = d.histogram_series(".", "w/hist");
    REQUIRE(h.size() == 1u);
    CHECK(h[0].step == 7);
    CHECK_FALSE(h[0].from_tensor);
    CHECK(h[0].value.min == -1.0);
    CHECK(h[0].value.max == 2.0);
    CHECK(h[0].value.num == 3.0);
    CHECK(h[0].value.sum == 1.0);
    CHECK(h[0].value.sum_squares == 5.0);
    CHECK(h[0].value.bucket_limit == std::vector<double>{0.0, 2.0});
    CHECK(h[0].value.bucket == std::vector<double>{1.0, 2.0});

    auto const t = d.histogram_series(".", "b/hist");
    REQUIRE(t.size() == 1u);
    CHECK(t[0].from_tensor);
    CHECK(t[0].value.min == -1.0);
    CHECK(t[0].value.max == 1.0);
    CHECK(t[0].value.num == 10.0);
    CHECK(t[0].value.bucket_limit == std::vector<double>{0.0, 1.0});
    CHECK(t[0].value.bucket == std::vector<double>{4.0, 6.0});
}

TEST_CASE("the reader keeps the records before a truncation or a flipped byte, and says which")
{
    std::string const second = record(f64(1, 1.0) + key(2, 0) + varint(1) + bytes(5, bytes(1, bytes(1, "a") + f32(2, 1.0f))));
    std::string const file = version_record() + second + second;

    auto const whole = ev::decode(file);
    CHECK(whole.errors.empty());
    CHECK(whole.events.size() == 3u);

    auto const cut = ev::decode(std::string_view(file).substr(0, file.size() - 2));
    CHECK(cut.errors.empty());
    CHECK(cut.truncated);
    CHECK(cut.events.size() == 2u);
    CHECK(cut.bytes_ok == file.size() - second.size());

    std::string flipped = file;
    flipped[file.size() - second.size() - 6] ^= 0x10; // inside the second record's payload
    auto const bad = ev::decode(flipped);
    REQUIRE(bad.errors.size() == 1u);
    CHECK(bad.errors[0].find("payload CRC mismatch") != std::string::npos);
    CHECK(bad.events.size() == 1u);

    auto const no_version = ev::decode(second);
    REQUIRE(no_version.errors.size() == 1u);
    CHECK(no_version.errors[0].find("file_version") != std::string::npos);

    CHECK(ev::read_directory("/nonexistent-dir-for-the-reader").errors.size() == 1u);
}
