#ifndef XESTIMATOR_IO_DETAIL_PROTOBUF_HPP
#define XESTIMATOR_IO_DETAIL_PROTOBUF_HPP

/// @file
/// @brief The few protobuf encodings the event writer needs (varints, little-endian fixed
/// fields, a Summary.Value, a HistogramProto), written without protobuf.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../../core/config.hpp"
#include "../histogram.hpp"

namespace xest::io::detail
{
    inline constexpr std::size_t varint_size(std::uint64_t v) noexcept
    {
        std::size_t n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            ++n;
        }
        return n;
    }

    XESTIMATOR_DECL void put_varint(std::string& out, std::uint64_t v);

    // HistogramProto: min, max, num, sum, sum_squares (double, fixed64), then bucket_limit
    // and bucket (packed repeated double).
    XESTIMATOR_DECL std::size_t histogram_size(histogram const& h) noexcept;

    XESTIMATOR_DECL void put_histogram(std::string& out, histogram const& h);

    /// @brief Encoded size of Summary.Value{tag, simple_value}.
    XESTIMATOR_DECL std::size_t value_size(std::string_view tag) noexcept;

}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "../impl/protobuf.ipp"
#endif

#endif
