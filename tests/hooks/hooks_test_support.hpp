#ifndef XESTIMATOR_TESTS_HOOKS_SUPPORT_HPP
#define XESTIMATOR_TESTS_HOOKS_SUPPORT_HPP

// A training loop written against the dispatch API exactly as docs/hooks.md documents the
// lifecycle, with a fake optimizer that records which updates were applied.

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <xestimator/hooks/dispatch.hpp>

namespace hooks_test
{
    struct loop_result
    {
        std::int64_t final_step = 0;             // global step after the run
        std::vector<std::int64_t> applied;       // steps whose update reached the "parameters"
        bool aborted = false;                    // before_update_all returned true
    };

    /// Runs one train() call over `losses` (one per batch; the input ends after the last one).
    template <class Hooks>
    loop_result simulate(Hooks&& hooks, std::vector<float> const& losses, std::int64_t start_step = 0,
                         std::int64_t last_step = -1, float learning_rate = 0.1f, std::size_t batch_size = 4,
                         loop_result* partial = nullptr)
    {
        loop_result local;
        loop_result& r = partial != nullptr ? *partial : local;
        std::int64_t global_step = start_step;
        xest::hooks::begin_all(hooks, xest::run_info{start_step, last_step, "model_dir"});
        bool stop = false;
        xest::step_info last{.step = start_step, .loss = std::numeric_limits<float>::quiet_NaN()};
        std::size_t next = 0;
        while (!stop && next < losses.size() && (last_step < 0 || global_step < last_step))
        {
            if (xest::hooks::before_step_all(hooks, global_step + 1))
            {
                break;
            }
            xest::step_info info{.step = global_step + 1,
                                 .loss = losses[next++],
                                 .learning_rate = learning_rate,
                                 .batch_size = batch_size,
                                 .stop_flag = &stop};
            if (xest::hooks::before_update_all(hooks, info))
            {
                r.aborted = true;
                break;
            }
            r.applied.push_back(info.step);  // the optimizer update
            ++global_step;
            stop = xest::hooks::after_step_all(hooks, info) || stop;
            last = info;
            last.stop_flag = nullptr;
        }
        xest::hooks::end_all(hooks, last);
        r.final_step = global_step;
        return r;
    }

    /// A temporary FILE* whose whole contents can be read back.
    class capture
    {
    public:
        capture()
            : m_file(std::tmpfile())
        {
        }
        capture(capture const&) = delete;
        capture& operator=(capture const&) = delete;
        ~capture()
        {
            if (m_file != nullptr)
            {
                std::fclose(m_file);
            }
        }

        [[nodiscard]] std::FILE* get() const noexcept
        {
            return m_file;
        }

        [[nodiscard]] std::string text() const
        {
            std::fflush(m_file);
            std::rewind(m_file);
            std::string out;
            char buffer[4096];
            std::size_t n = 0;
            while ((n = std::fread(buffer, 1, sizeof buffer, m_file)) > 0)
            {
                out.append(buffer, n);
            }
            return out;
        }

    private:
        std::FILE* m_file;
    };

    inline std::vector<std::string> split_lines(std::string_view text)
    {
        std::vector<std::string> lines;
        std::size_t begin = 0;
        while (begin < text.size())
        {
            std::size_t end = text.find('\n', begin);
            if (end == std::string_view::npos)
            {
                end = text.size();
            }
            lines.emplace_back(text.substr(begin, end - begin));
            begin = end + 1;
        }
        return lines;
    }

    inline bool starts_with(std::string_view text, std::string_view prefix)
    {
        return text.substr(0, prefix.size()) == prefix;
    }
}

#endif
