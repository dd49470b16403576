#ifndef XESTIMATOR_ESTIMATOR_MODEL_SUMMARY_HPP
#define XESTIMATOR_ESTIMATOR_MODEL_SUMMARY_HPP

/// @file
/// @brief `xest::print_model_summary(model_or_estimator, out)`: a table of every param (name,
/// shape, number of values) and the total, as Keras' `model.summary()` prints; a model with
/// non-trainable params (nn::batch_norm's moving statistics) also gets Keras' "Trainable params"
/// and "Non-trainable params" lines. Host-side: it builds the table in strings.
///
///     Param           Shape    Param #
///     ================================
///     hidden/kernel   (4, 8)        32
///     hidden/bias     (8)            8
///     logits/kernel   (8, 3)        24
///     logits/bias     (3)            3
///     ================================
///     Total params: 67 (268 B)

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/error.hpp"
#include "model_params.hpp"

namespace xest
{
    namespace detail::model_summary
    {
        struct row
        {
            std::string name;
            std::string shape;
            std::string count;
        };

        /// 1234567 as "1,234,567" (Keras' thousands separators).
        inline std::string grouped(std::size_t n)
        {
            std::string digits = std::to_string(n);
            std::string out;
            for (std::size_t i = 0; i < digits.size(); ++i)
            {
                if (i != 0 && (digits.size() - i) % 3 == 0)
                {
                    out += ',';
                }
                out += digits[i];
            }
            return out;
        }

        /// "(64, 10)"; a scalar param is "()".
        template <class Shape>
        std::string shape_text()
        {
            std::string out = "(";
            for (std::size_t i = 0; i < Shape::rank; ++i)
            {
                out += (i == 0 ? "" : ", ") + std::to_string(Shape::dims[i]);
            }
            return out + ")";
        }

        /// "268 B", "18.79 KB", "1.50 MB" (1 KB = 1024 bytes, as Keras counts).
        inline std::string memory_text(std::size_t bytes)
        {
            char text[48];
            if (bytes < 1024)
            {
                std::snprintf(text, sizeof text, "%zu B", bytes);
            }
            else if (bytes < 1024 * 1024)
            {
                std::snprintf(text, sizeof text, "%.2f KB", static_cast<double>(bytes) / 1024.0);
            }
            else
            {
                std::snprintf(text, sizeof text, "%.2f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
            }
            return text;
        }

        inline std::string padded_right(std::string s, std::size_t width)
        {
            s.resize(std::max(width, s.size()), ' ');
            return s;
        }

        inline std::string padded_left(std::string const& s, std::size_t width)
        {
            return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
        }
    }

    /// @brief Prints every param of `source` (a model, or an estimator: its model) to `out`, one
    /// row each in visiting order (the order of checkpoints and export_header): name, shape and
    /// number of values; then the total count and the bytes the values take.
    /// @return the total number of param values
    template <class Source>
    std::size_t print_model_summary(Source const& source, std::FILE* out = stdout)
    {
        namespace ms = detail::model_summary;
        auto const& model = [&]() -> auto const&
        {
            if constexpr (requires { source.model(); })
            {
                return source.model();
            }
            else
            {
                return source;
            }
        }();
        if (out == nullptr)
        {
            raise<config_error>("print_model_summary: the output stream is null");
        }

        std::vector<ms::row> rows;
        std::size_t total = 0;
        std::size_t bytes = 0;
        std::size_t non_trainable = 0;  // batch_norm's moving statistics, for instance
        std::size_t non_trainable_bytes = 0;
        for_each_model_param(model,
                             [&](auto const& p)
                             {
                                 using P = std::remove_cvref_t<decltype(p)>;
                                 rows.push_back({std::string(P::name_view()), ms::shape_text<typename P::shape_type>(),
                                                 ms::grouped(P::size)});
                                 total += P::size;
                                 bytes += P::size * sizeof(typename P::value_type);
                                 if constexpr (!P::trainable)
                                 {
                                     non_trainable += P::size;
                                     non_trainable_bytes += P::size * sizeof(typename P::value_type);
                                 }
                             });

        // Each column as wide as its widest entry; the count is right-aligned.
        ms::row const heading{"Param", "Shape", "Param #"};
        std::size_t name_width = heading.name.size();
        std::size_t shape_width = heading.shape.size();
        std::size_t count_width = heading.count.size();
        for (ms::row const& r : rows)
        {
            name_width = std::max(name_width, r.name.size());
            shape_width = std::max(shape_width, r.shape.size());
            count_width = std::max(count_width, r.count.size());
        }
        std::string const gap = "   ";
        auto line = [&](ms::row const& r)
        {
            return ms::padded_right(r.name, name_width) + gap + ms::padded_right(r.shape, shape_width) + gap +
                   ms::padded_left(r.count, count_width) + "\n";
        };
        std::string const rule(name_width + shape_width + count_width + 2 * gap.size(), '=');

        std::string text = line(heading) + rule + "\n";
        for (ms::row const& r : rows)
        {
            text += line(r);
        }
        text += rule + "\n";
        text += "Total params: " + ms::grouped(total) + " (" + ms::memory_text(bytes) + ")\n";
        if (non_trainable > 0)
        {
            text += "Trainable params: " + ms::grouped(total - non_trainable) + " ("
                    + ms::memory_text(bytes - non_trainable_bytes) + ")\n";
            text += "Non-trainable params: " + ms::grouped(non_trainable) + " (" + ms::memory_text(non_trainable_bytes)
                    + ")\n";
        }
        std::fputs(text.c_str(), out);
        return total;
    }
}

#endif
