#ifndef XESTIMATOR_HOOKS_PROGRESS_BAR_HPP
#define XESTIMATOR_HOOKS_PROGRESS_BAR_HPP

/// @file
/// @brief hooks::progress_bar: a live terminal bar (step, loss, rate, ETA), or plain lines in a log.

#include <cinttypes>
#include <cstdint>
#include <cstdio>

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

#include "../core/error.hpp"
#include "step_info.hpp"

namespace xest::hooks
{
    /// @brief How progress_bar draws.
    enum class progress_style
    {
        automatic,  ///< bar when `out` is a terminal, lines otherwise
        bar,        ///< redraw one line with '\r'
        lines       ///< one plain line every few steps (log files, CI)
    };

    namespace detail
    {
        /// Set by progress_bar::begin and after_step; not part of the configuration.
        struct progress_state
        {
            clock::time_point start_time{};
            clock::time_point last_draw{};
            std::int64_t start_step = 0;
            std::int64_t total = 0;
            std::int64_t line_every = 0;
            std::int64_t last_printed = -1;
            bool as_bar = false;
            bool drew = false;
        };

        [[nodiscard]] inline bool is_terminal(std::FILE* f) noexcept
        {
#if defined(_WIN32)
            return _isatty(_fileno(f)) != 0;
#else
            return isatty(fileno(f)) != 0;
#endif
        }

        /// "1:02:03" or "2:03": the ETA as a clock reading, rounded to seconds.
        inline void format_duration(char (&buffer)[32], double secs) noexcept
        {
            if (!(secs >= 0.0) || secs > 1e8)
            {
                std::snprintf(buffer, sizeof buffer, "?");
                return;
            }
            auto const total = static_cast<long long>(secs + 0.5);
            long long const h = total / 3600;
            long long const m = (total / 60) % 60;
            long long const s = total % 60;
            if (h > 0)
            {
                std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", h, m, s);
            }
            else
            {
                std::snprintf(buffer, sizeof buffer, "%lld:%02lld", m, s);
            }
        }
    }

    /// @brief Shows progress of a run. On a terminal it redraws one line with '\r' at most every
    ///        `refresh_secs`: `[=========>          ] 200/1000  20% loss 0.0123  412.3 step/s  ETA 0:02`.
    ///        Elsewhere (a file, a CI log) it prints a plain line every `every_n_steps` steps:
    ///        `step 200/1000 (20%): loss = 0.0123, 412.3 step/s, ETA 0:02`, and a last line at end().
    ///        The rate and the ETA are averages since begin().
    ///
    /// `xest::hooks::progress_bar{}` takes the total from the run's step bound;
    /// `xest::hooks::progress_bar{.total_steps = 5000}` sets it.
    struct progress_bar
    {
        /// @brief Steps this run will make; 0: last_step - start_step from run_info (unknown when unbounded).
        std::int64_t total_steps = 0;
        /// @brief Destination; not owned, never closed.
        std::FILE* out = stderr;
        /// @brief Line cadence in `lines` style; 0: a tenth of the total (100 when the total is unknown).
        std::int64_t every_n_steps = 0;
        /// @brief Bar width in characters.
        int width = 30;
        /// @brief Minimum time between two redraws of the bar.
        double refresh_secs = 0.1;
        /// @brief Bar, lines, or decided by isatty(fileno(out)).
        progress_style style = progress_style::automatic;
        /// @brief Internal state (leave default-initialised).
        detail::progress_state state{};

        void begin(run_info const& info)
        {
            if (out == nullptr)
            {
                raise<config_error>("hooks::progress_bar: out is a null FILE*; pass stderr, stdout or an open file.");
            }
            state = detail::progress_state{};
            state.start_time = clock::now();
            state.last_draw = state.start_time;
            state.start_step = info.start_step;
            state.total = total_steps > 0 ? total_steps
                                          : (info.last_step > info.start_step ? info.last_step - info.start_step : 0);
            state.line_every = every_n_steps > 0 ? every_n_steps : (state.total >= 10 ? state.total / 10 : 100);
            state.as_bar = style == progress_style::bar
                           || (style == progress_style::automatic && detail::is_terminal(out));
        }

        void after_step(step_info const& s)
        {
            std::int64_t const done = s.step - state.start_step;
            clock::time_point const now = clock::now();
            if (state.as_bar)
            {
                bool const last = state.total > 0 && done >= state.total;
                if (!state.drew || last || seconds_between(state.last_draw, now) >= refresh_secs)
                {
                    draw_bar(s, done, now);
                }
            }
            else if (done % state.line_every == 0 || (state.total > 0 && done == state.total))
            {
                print_line(s, done, now);
            }
        }

        void end(step_info const& last)
        {
            std::int64_t const done = last.step - state.start_step;
            if (state.as_bar)
            {
                if (done > 0)
                {
                    draw_bar(last, done, clock::now());
                }
                if (state.drew)
                {
                    std::fputc('\n', out);
                }
            }
            else if (done > 0 && state.last_printed != last.step)
            {
                print_line(last, done, clock::now());
            }
            std::fflush(out);
        }

    private:
        void rate_and_eta(std::int64_t done, clock::time_point now, double& rate, char (&eta)[32]) const noexcept
        {
            double const secs = seconds_between(state.start_time, now);
            rate = secs > 0.0 ? static_cast<double>(done) / secs : 0.0;
            if (state.total > 0 && rate > 0.0)
            {
                detail::format_duration(eta, static_cast<double>(state.total - done) / rate);
            }
            else
            {
                std::snprintf(eta, sizeof eta, "?");
            }
        }

        void draw_bar(step_info const& s, std::int64_t done, clock::time_point now)
        {
            double rate = 0.0;
            char eta[32];
            rate_and_eta(done, now, rate, eta);
            std::fputc('\r', out);
            if (state.total > 0)
            {
                int const w = width > 0 ? width : 1;
                std::int64_t const clamped = done < state.total ? done : state.total;
                auto const filled = static_cast<int>(clamped * w / state.total);
                std::fputc('[', out);
                for (int i = 0; i < w; ++i)
                {
                    std::fputc(i < filled ? '=' : (i == filled ? '>' : ' '), out);
                }
                std::fprintf(out, "] %" PRId64 "/%" PRId64 " %3d%% loss %-10.4g %8.1f step/s  ETA %s   ", done,
                             state.total, static_cast<int>(clamped * 100 / state.total),
                             static_cast<double>(s.loss), rate, eta);
            }
            else
            {
                std::fprintf(out, "step %" PRId64 "  loss %-10.4g %8.1f step/s   ", s.step,
                             static_cast<double>(s.loss), rate);
            }
            std::fflush(out);
            state.last_draw = now;
            state.drew = true;
        }

        void print_line(step_info const& s, std::int64_t done, clock::time_point now)
        {
            double rate = 0.0;
            char eta[32];
            rate_and_eta(done, now, rate, eta);
            if (state.total > 0)
            {
                std::int64_t const clamped = done < state.total ? done : state.total;
                std::fprintf(out, "step %" PRId64 "/%" PRId64 " (%d%%): loss = %g, %.1f step/s, ETA %s\n", done,
                             state.total, static_cast<int>(clamped * 100 / state.total),
                             static_cast<double>(s.loss), rate, eta);
            }
            else
            {
                std::fprintf(out, "step %" PRId64 ": loss = %g, %.1f step/s\n", s.step, static_cast<double>(s.loss),
                             rate);
            }
            state.last_printed = s.step;
        }
    };
}

#endif
