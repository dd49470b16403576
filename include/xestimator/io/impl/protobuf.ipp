#ifndef XESTIMATOR_IO_IMPL_PROTOBUF_IPP
#define XESTIMATOR_IO_IMPL_PROTOBUF_IPP

/// @file
/// @brief The definitions of io/detail/protobuf.hpp: included by that header (header-only) or by
/// <xestimator/src.hpp> (XESTIMATOR_SEPARATE_COMPILATION).

#include <bit>

#include "../detail/bytes.hpp"
#include "../detail/protobuf.hpp"

namespace xest::io::detail
{
    XESTIMATOR_DECL void put_varint(std::string& out, std::uint64_t v)
    {
        while (v >= 0x80)
        {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }

    XESTIMATOR_DECL std::size_t histogram_size(histogram const& h) noexcept
    {
        std::size_t const packed = 8 * h.bucket.size();
        return 5 * 9 + 2 * (1 + varint_size(packed) + packed);
    }

    XESTIMATOR_DECL void put_histogram(std::string& out, histogram const& h)
    {
        double const fields[] = {h.min, h.max, h.num, h.sum, h.sum_squares};
        for (std::size_t i = 0; i < 5; ++i)
        {
            out.push_back(static_cast<char>(((i + 1) << 3) | 1));
            append_le(out, std::bit_cast<std::uint64_t>(fields[i]));
        }
        for (auto const* list : {&h.bucket_limit, &h.bucket})
        {
            out.push_back(static_cast<char>(((list == &h.bucket_limit ? 6 : 7) << 3) | 2));
            put_varint(out, 8 * list->size());
            for (double v : *list)
            {
                append_le(out, std::bit_cast<std::uint64_t>(v));
            }
        }
    }

    XESTIMATOR_DECL std::size_t value_size(std::string_view tag) noexcept
    {
        return 1 + varint_size(tag.size()) + tag.size() + 1 + 4;
    }
}

#endif
