#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <xestimator/io/crc32.hpp>
#include <xestimator/io/crc32c.hpp>

namespace
{
    // Bit-at-a-time reference: the definition of a reflected CRC, no tables.
    std::uint32_t reference_crc(unsigned char const* p, std::size_t n, std::uint32_t poly)
    {
        std::uint32_t c = 0xffffffffu;
        for (std::size_t i = 0; i < n; ++i)
        {
            c ^= p[i];
            for (int k = 0; k < 8; ++k)
            {
                c = (c & 1u) ? (c >> 1) ^ poly : c >> 1;
            }
        }
        return ~c;
    }
}

TEST_CASE("crc32c matches the published check values")
{
    CHECK(xest::io::crc32c("123456789", 9) == 0xE3069283u);
    CHECK(xest::io::crc32c("", 0) == 0u);
    // RFC 3720 (iSCSI) appendix B.4 vectors.
    std::vector<unsigned char> zeros(32, 0x00), ones(32, 0xff), inc(32), dec(32);
    for (unsigned i = 0; i < 32; ++i)
    {
        inc[i] = static_cast<unsigned char>(i);
        dec[i] = static_cast<unsigned char>(31 - i);
    }
    CHECK(xest::io::crc32c(zeros.data(), 32) == 0x8A9136AAu);
    CHECK(xest::io::crc32c(ones.data(), 32) == 0x62A8AB43u);
    CHECK(xest::io::crc32c(inc.data(), 32) == 0x46DD794Eu);
    CHECK(xest::io::crc32c(dec.data(), 32) == 0x113FDB5Cu);
}

TEST_CASE("crc32 matches the published check values")
{
    CHECK(xest::io::crc32("123456789", 9) == 0xCBF43926u);
    CHECK(xest::io::crc32("", 0) == 0u);
    char const fox[] = "The quick brown fox jumps over the lazy dog";
    CHECK(xest::io::crc32(fox, std::strlen(fox)) == 0x414FA339u);
}

TEST_CASE("masked_crc32c rotates right by 15 and adds 0xa282ead8")
{
    // 0xE3069283 rotated right by 15 is 0x2507C60D; plus the constant (mod 2^32) is 0xC78AB0E5.
    CHECK(xest::io::masked_crc32c("123456789", 9) == 0xC78AB0E5u);
}

TEST_CASE("table-driven crcs agree with the bitwise definition at every length and alignment")
{
    std::mt19937 rng(12345);
    std::vector<unsigned char> buf(300);
    for (auto& b : buf)
    {
        b = static_cast<unsigned char>(rng());
    }
    for (std::size_t offset = 0; offset < 8; ++offset)
    {
        for (std::size_t n = 0; n + offset <= 120; ++n)
        {
            unsigned char const* p = buf.data() + offset;
            REQUIRE(xest::io::crc32c(p, n) == reference_crc(p, n, 0x82F63B78u));
            REQUIRE(xest::io::crc32(p, n) == reference_crc(p, n, 0xEDB88320u));
        }
    }
}

TEST_CASE("a running crc continues across chunks")
{
    std::string const s = "a longer message that is checksummed in two pieces of odd sizes";
    for (std::size_t cut = 0; cut <= s.size(); ++cut)
    {
        auto const c1 = xest::io::crc32c(s.data() + cut, s.size() - cut, xest::io::crc32c(s.data(), cut));
        auto const c2 = xest::io::crc32(s.data() + cut, s.size() - cut, xest::io::crc32(s.data(), cut));
        REQUIRE(c1 == xest::io::crc32c(s.data(), s.size()));
        REQUIRE(c2 == xest::io::crc32(s.data(), s.size()));
    }
}
