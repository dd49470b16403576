#ifndef XESTIMATOR_IO_CHECKPOINT_INDEX_HPP
#define XESTIMATOR_IO_CHECKPOINT_INDEX_HPP

/// @file
/// @brief TensorFlow's `checkpoint` index file (text-format protobuf: model_checkpoint_path and
/// all_model_checkpoint_paths), written and parsed.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/config.hpp"

namespace xest::io::detail
{
    /// @brief Appends @p s as a text-format protobuf string literal.
    XESTIMATOR_DECL void append_quoted(std::string& out, std::string_view s);

    /// @brief model_checkpoint_path and all_model_checkpoint_paths of the text of a `checkpoint`
    /// index, or nullopt when it is malformed.
    XESTIMATOR_DECL std::optional<std::pair<std::string, std::vector<std::string>>> parse_index(std::string_view text);
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/checkpoint_index.ipp"
#endif

#endif
