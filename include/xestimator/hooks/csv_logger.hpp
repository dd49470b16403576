#ifndef XESTIMATOR_HOOKS_CSV_LOGGER_HPP
#define XESTIMATOR_HOOKS_CSV_LOGGER_HPP

/// @file
/// @brief hooks::csv_logger: `step,loss,learning_rate` rows in a CSV file.

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    namespace detail
    {
        /// Owns a FILE*; move-only, closes in its destructor (so an exception that leaves the
        /// training loop before end() does not leak the file).
        class file_handle
        {
        public:
            file_handle() = default;
            file_handle(file_handle const&) = delete;
            file_handle& operator=(file_handle const&) = delete;

            file_handle(file_handle&& other) noexcept
                : m_file(std::exchange(other.m_file, nullptr))
                , m_opened_once(other.m_opened_once)
            {
            }

            file_handle& operator=(file_handle&& other) noexcept
            {
                if (this != &other)
                {
                    reset();
                    m_file = std::exchange(other.m_file, nullptr);
                    m_opened_once = other.m_opened_once;
                }
                return *this;
            }

            ~file_handle()
            {
                reset();
            }

            /// Opens `path` with fopen mode `mode`; raises io_error naming the path and the reason.
            void open(std::filesystem::path const& path, char const* mode, char const* who)
            {
                reset();
                m_file = std::fopen(path.string().c_str(), mode);
                if (m_file == nullptr)
                {
                    int const err = errno;
                    raise<io_error>(std::string(who) + ": cannot open '" + path.string() + "' for writing: "
                                    + std::strerror(err));
                }
                m_opened_once = true;
            }

            /// Flushes and closes; raises io_error when buffered rows could not be written.
            void close(std::filesystem::path const& path, char const* who)
            {
                if (m_file == nullptr)
                {
                    return;
                }
                bool const failed = std::ferror(m_file) != 0;
                bool const close_failed = std::fclose(m_file) != 0;
                m_file = nullptr;
                if (failed || close_failed)
                {
                    raise<io_error>(std::string(who) + ": writing '" + path.string() + "' failed (disk full?)");
                }
            }

            [[nodiscard]] std::FILE* get() const noexcept
            {
                return m_file;
            }

            [[nodiscard]] bool opened_once() const noexcept
            {
                return m_opened_once;
            }

        private:
            void reset() noexcept
            {
                if (m_file != nullptr)
                {
                    std::fclose(m_file);
                    m_file = nullptr;
                }
            }

            std::FILE* m_file = nullptr;
            bool m_opened_once = false;
        };
    }

    /// @brief Writes a header `step,loss,learning_rate` and one row per `every_n_steps` steps to
    ///        `path`. The file is opened in begin() (truncated, or appended to when `append` is true;
    ///        a header is written only to an empty file) and flushed and closed in end(). A later
    ///        train() call with the same hook appends to it. Floats are printed with 9 significant
    ///        digits, so each value reads back bit-exactly.
    ///
    /// `xest::hooks::csv_logger{.path = "model/loss.csv", .every_n_steps = 10}`
    struct csv_logger
    {
        /// @brief The CSV file to write.
        std::filesystem::path path;
        /// @brief Row cadence (<= 1: every step).
        std::int64_t every_n_steps = 1;
        /// @brief Append to an existing file instead of truncating it.
        bool append = false;
        /// @brief The open file (leave default-initialised; closed in end() and in the destructor).
        detail::file_handle file{};

        void begin(run_info const&)
        {
            bool const add = append || file.opened_once();
            file.open(path, add ? "a" : "w", "hooks::csv_logger");
            std::FILE* f = file.get();
            if (std::fseek(f, 0, SEEK_END) == 0 && std::ftell(f) == 0)
            {
                std::fputs("step,loss,learning_rate\n", f);
            }
        }

        void after_step(step_info const& s)
        {
            if ((every_n_steps > 1 && s.step % every_n_steps != 0) || file.get() == nullptr)
            {
                return;
            }
            std::fprintf(file.get(), "%" PRId64 ",%.9g,%.9g\n", s.step, static_cast<double>(s.loss),
                         static_cast<double>(s.learning_rate));
        }

        void end(step_info const&)
        {
            file.close(path, "hooks::csv_logger");
        }
    };
}

#endif
