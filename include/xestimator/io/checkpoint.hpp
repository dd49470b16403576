#ifndef XESTIMATOR_IO_CHECKPOINT_HPP
#define XESTIMATOR_IO_CHECKPOINT_HPP

/// @file
/// @brief Numbered .npz checkpoints in a model directory, with TensorFlow's `checkpoint` index file.

// <algorithm> and detail/posix.hpp (detail::fail_next_writes, the tests' fault hook) are not
// needed by the declarations: code written against the header-only checkpoint.hpp uses them
// through it (tests/io/test_checkpoint.cpp, also built with XESTIMATOR_SEPARATE_COMPILATION).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/config.hpp"
#include "../core/error.hpp"
#include "array_entry.hpp"
#include "checkpoint_index.hpp"
#include "detail/posix.hpp"
#include "npz.hpp"

namespace xest::io
{
    namespace detail
    {
        inline constexpr std::string_view ckpt_prefix = "model.ckpt-";
        inline constexpr std::string_view ckpt_suffix = ".npz";
        inline constexpr std::string_view index_name = "checkpoint";
    }

    /// @brief Saves, lists and restores the checkpoints `model_dir/model.ckpt-<step>.npz`.
    ///
    /// Each save writes the .npz atomically, then the `checkpoint` index (TensorFlow's text format)
    /// atomically, then deletes the oldest checkpoints beyond keep_max. A crash at any instant
    /// leaves an index that names complete checkpoints only. Checkpoints are ordered by step.
    class checkpoint_manager
    {
    public:
        using path_type = std::filesystem::path;

        /// @brief What load_latest_intact() restored, and why newer checkpoints were skipped.
        struct restored
        {
            path_type path;
            std::vector<array_entry> entries;
            std::vector<std::string> warnings;
        };

        /// @brief Manages @p model_dir (not touched before the first save); @p keep_max = 0 keeps all.
        XESTIMATOR_DECL checkpoint_manager(path_type model_dir, int keep_max);

        /// @brief The file name of the checkpoint for @p step: "model.ckpt-<step>.npz".
        static std::string file_name(std::int64_t step)
        {
            return std::string(detail::ckpt_prefix) + std::to_string(step) + std::string(detail::ckpt_suffix);
        }

        /// @brief The step of a checkpoint path named "model.ckpt-<step>.npz", if it is one.
        XESTIMATOR_DECL static std::optional<std::int64_t> step_of(path_type const& path);

        /// @brief Writes the checkpoint for @p step and updates the index; returns its path.
        ///
        /// io_error names the file or directory that could not be written; the previous
        /// checkpoints and index are then unchanged.
        XESTIMATOR_DECL path_type save(std::int64_t step, std::span<array_entry const> entries);

        /// @brief The newest checkpoint: the one the index names, or, when the index is missing,
        /// unreadable or names a missing file, the highest-step checkpoint file in the directory.
        XESTIMATOR_DECL std::optional<path_type> latest() const;

        /// @brief Every checkpoint present: those the index lists and the checkpoint files in the
        /// directory, oldest (lowest step) first.
        XESTIMATOR_DECL std::vector<path_type> all() const;

        /// @brief Reads and verifies one checkpoint (see read_npz).
        static std::vector<array_entry> load(path_type const& path)
        {
            return read_npz(path);
        }

        /// @brief Restores the newest checkpoint that is intact, skipping corrupted ones with a warning.
        ///
        /// Returns nullopt when there is no checkpoint; raises checkpoint_error listing each file
        /// and its fault when checkpoints exist but none is intact.
        XESTIMATOR_DECL std::optional<restored> load_latest_intact() const;

        /// @brief True for a file this class writes and may therefore remove: a checkpoint named
        /// "model.ckpt-<step>.npz" directly inside the model directory.
        XESTIMATOR_DECL bool owns(path_type const& path) const;

        /// @brief The model directory.
        path_type const& model_dir() const noexcept
        {
            return m_model_dir;
        }

        /// @brief Removes temporary files left in the model directory by processes that no longer
        /// exist (a crash mid-save leaves ".model.ckpt-<step>.npz.tmp-<pid>-<n>"); never throws.
        XESTIMATOR_DECL void remove_stale_temporaries() const noexcept;

    private:
        /// @brief model_checkpoint_path and all_model_checkpoint_paths of the index, or nullopt when
        /// the index is missing or malformed.
        XESTIMATOR_DECL std::optional<std::pair<std::string, std::vector<std::string>>> read_index() const;

        /// @brief A path of the index as a file: a relative one lies in the model directory.
        XESTIMATOR_DECL path_type resolve(std::string const& name) const;

        /// @brief The checkpoint files in the directory, lowest step first.
        XESTIMATOR_DECL std::vector<path_type> scan() const;

        /// @brief The index text naming @p latest and @p kept, relative to the model directory when in it.
        XESTIMATOR_DECL std::string index_text(path_type const& latest, std::vector<path_type> const& kept) const;

        path_type m_model_dir;
        int m_keep_max;
    };
}

#if !defined(XESTIMATOR_SEPARATE_COMPILATION)
#include "impl/checkpoint.ipp"
#endif

#endif
