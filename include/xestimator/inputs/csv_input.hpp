#ifndef XESTIMATOR_INPUTS_CSV_INPUT_HPP
#define XESTIMATOR_INPUTS_CSV_INPUT_HPP

/// @file
/// @brief `from_csv`: an input function over a CSV file, loaded whole at construction.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/xtensor.hpp"
#include "array_input.hpp"
#include "csv_parser.hpp"
#include "options.hpp"
#include "validation.hpp"

namespace xest::inputs
{
    /// @brief Which columns of a CSV file are features and labels, and how the file is laid out.
    /// @brief The words of a column of text and the ids they stand for: words[i] is read as i
    /// (tf.feature_column.categorical_column_with_vocabulary_list; for a label column, the
    /// canned estimators' label_vocabulary).
    struct csv_vocabulary
    {
        std::string column;
        std::vector<std::string> words;
    };

    struct csv_options
    {
        /// @brief Feature columns in order; empty: every column that is not a label.
        std::vector<std::string> feature_columns{};
        /// @brief The label column; must be set unless the input is declared with `Label = void`.
        std::string label_column{};
        /// @brief Several label columns (for `LabelWidth > 1`); used instead of `label_column`.
        std::vector<std::string> label_columns{};
        /// @brief The first non-blank line names the columns. Without a header, columns are named
        /// by their 0-based index written as a string ("0", "4").
        bool header = true;
        char delimiter = ',';
        /// @brief Columns of text (feature or label) read as ids through their word lists; a word
        /// not in its list is an input_error naming file, line, column and the words.
        std::vector<csv_vocabulary> vocabularies{};
        /// @brief Epochs, shuffling and seed, as for `from_arrays`.
        options input{};
    };

    namespace detail
    {
        inline std::size_t resolve_column(std::string const& name, std::vector<std::string> const& names, bool header,
                                          std::filesystem::path const& path, char const* what)
        {
            auto const it = std::find(names.begin(), names.end(), name);
            if (it != names.end())
            {
                return static_cast<std::size_t>(it - names.begin());
            }
            if (header)
            {
                raise<input_error>(std::string(what) + " column '" + name + "' does not exist in '" + display(path) +
                                   "'; its columns are: " + join_names(names));
            }
            raise<input_error>(std::string(what) + " column '" + name + "' does not exist in '" + display(path) +
                               "': a file without a header names its columns by index, 0 to " +
                               std::to_string(names.size() - 1));
        }

        /// The vocabulary of each column (nullptr: a column of numbers); refuses an unknown
        /// column, a column given two lists, an empty list and a word listed twice.
        inline std::vector<csv_vocabulary const*> resolve_vocabularies(csv_options const& opts, std::vector<std::string> const& names,
                                                                       std::filesystem::path const& path)
        {
            std::vector<csv_vocabulary const*> of(names.size(), nullptr);
            for (auto const& v : opts.vocabularies)
            {
                std::size_t const c = resolve_column(v.column, names, opts.header, path, "vocabulary");
                std::string const at = "from_csv('" + display(path) + "'): the vocabulary of column '" + v.column + "'";
                if (of[c] != nullptr)
                {
                    raise<input_error>(at + " is given twice");
                }
                if (v.words.empty())
                {
                    raise<input_error>(at + " has no words");
                }
                for (std::size_t i = 0; i < v.words.size(); ++i)
                {
                    if (std::find(v.words.begin(), v.words.begin() + static_cast<std::ptrdiff_t>(i), v.words[i]) !=
                        v.words.begin() + static_cast<std::ptrdiff_t>(i))
                    {
                        raise<input_error>(at + " lists '" + v.words[i] + "' twice: a word must name one id");
                    }
                }
                of[c] = &v;
            }
            return of;
        }

        /// The id of a word of a vocabulary column, as a number.
        inline double vocabulary_id(std::string_view field, csv_vocabulary const& v, csv_location const& at)
        {
            std::string const word = unquote(field);
            auto const it = std::find(v.words.begin(), v.words.end(), word);
            if (it == v.words.end())
            {
                raise<input_error>(where(at) + ": '" + word + "' is not in the column's vocabulary (" + join_names(v.words) +
                                   ")");
            }
            return static_cast<double>(it - v.words.begin());
        }

        /// Stored label element: class ids as std::int32_t, everything else as float.
        template <class Label>
        using csv_label_t = std::conditional_t<std::is_integral_v<Label>, std::int32_t, float>;

        template <std::size_t NumFeatures, std::size_t LabelWidth, class Label>
        struct csv_data
        {
            xt::xtensor<float, 2> features;
            xt::xtensor<csv_label_t<Label>, 2> labels;
        };

        /// Parses CSV text; @p path names the file in messages.
        template <std::size_t NumFeatures, std::size_t LabelWidth, class Label>
        csv_data<NumFeatures, LabelWidth, Label> parse_csv(std::string_view text, std::filesystem::path const& path,
                                                           csv_options const& opts)
        {
            constexpr bool has_labels = !std::is_void_v<Label>;
            std::vector<csv_line> const lines = csv_lines(text);
            if (lines.empty())
            {
                raise<input_error>("CSV file '" + display(path) + "' is empty");
            }

            std::vector<std::string_view> fields;
            split_fields(lines.front().text, opts.delimiter, fields);
            std::vector<std::string> names;
            for (std::size_t i = 0; i < fields.size(); ++i)
            {
                names.push_back(opts.header ? unquote(fields[i]) : std::to_string(i));
                auto const same = std::find(names.begin(), names.end() - 1, names.back());
                if (same != names.end() - 1)
                {
                    // A name that means two columns: whichever were chosen, it would be a guess.
                    raise<input_error>(display(path) + ":" + std::to_string(lines.front().number) + ": column " +
                                       std::to_string(i + 1) + " repeats the name '" + names.back() + "' of column " +
                                       std::to_string(same - names.begin() + 1) + "; column names must be unique");
                }
            }

            // ---- which columns ---------------------------------------------------------------
            std::vector<std::string> label_names = opts.label_columns;
            if (label_names.empty() && !opts.label_column.empty())
            {
                label_names.push_back(opts.label_column);
            }
            if constexpr (has_labels)
            {
                if (label_names.empty())
                {
                    raise<input_error>("from_csv('" + display(path) +
                                       "') was declared with labels, but csv_options names no label column: set "
                                       "label_column, or declare Label = void for an input without labels");
                }
                if (label_names.size() != LabelWidth)
                {
                    raise<input_error>("from_csv('" + display(path) + "'): " + std::to_string(label_names.size()) +
                                       " label columns given, but the input was declared with LabelWidth = " +
                                       std::to_string(LabelWidth));
                }
            }
            else if (!label_names.empty())
            {
                raise<input_error>("from_csv('" + display(path) + "'): label column '" + label_names.front() +
                                   "' given, but the input was declared with Label = void (no labels)");
            }
            std::vector<std::size_t> label_index;
            for (auto const& name : label_names)
            {
                std::size_t const c = resolve_column(name, names, opts.header, path, "label");
                if (std::find(label_index.begin(), label_index.end(), c) != label_index.end())
                {
                    raise<input_error>("from_csv('" + display(path) + "'): label column '" + name +
                                       "' is listed twice");
                }
                label_index.push_back(c);
            }
            std::vector<std::size_t> feature_index;
            if (opts.feature_columns.empty())
            {
                for (std::size_t i = 0; i < names.size(); ++i)
                {
                    if (std::find(label_index.begin(), label_index.end(), i) == label_index.end())
                    {
                        feature_index.push_back(i);
                    }
                }
            }
            else
            {
                for (auto const& name : opts.feature_columns)
                {
                    std::size_t const c = resolve_column(name, names, opts.header, path, "feature");
                    if (std::find(label_index.begin(), label_index.end(), c) != label_index.end())
                    {
                        raise<input_error>("from_csv('" + display(path) + "'): column '" + name +
                                           "' is both a feature and the label: the model would see its answer");
                    }
                    if (std::find(feature_index.begin(), feature_index.end(), c) != feature_index.end())
                    {
                        raise<input_error>("from_csv('" + display(path) + "'): feature column '" + name +
                                           "' is listed twice in feature_columns");
                    }
                    feature_index.push_back(c);
                }
            }
            if (feature_index.size() != NumFeatures)
            {
                std::vector<std::string> chosen;
                for (std::size_t i : feature_index)
                {
                    chosen.push_back(names[i]);
                }
                raise<input_error>("'" + display(path) + "' has " + std::to_string(feature_index.size()) +
                                   " feature columns (" + join_names(chosen) +
                                   "), but the input was declared with NumFeatures = " + std::to_string(NumFeatures));
            }

            std::vector<csv_vocabulary const*> const vocabulary = resolve_vocabularies(opts, names, path);

            // ---- the rows ----------------------------------------------------------------------
            std::size_t const first = opts.header ? 1 : 0;
            std::size_t const rows = lines.size() - first;
            if (rows == 0)
            {
                raise<input_error>("CSV file '" + display(path) + "' has a header but no rows");
            }
            csv_data<NumFeatures, LabelWidth, Label> data{
                xt::xtensor<float, 2>::from_shape({rows, NumFeatures}),
                xt::xtensor<csv_label_t<Label>, 2>::from_shape({rows, has_labels ? LabelWidth : 0})};
            for (std::size_t r = 0; r < rows; ++r)
            {
                csv_line const& line = lines[first + r];
                split_fields(line.text, opts.delimiter, fields);
                if (fields.size() != names.size())
                {
                    raise<input_error>(display(path) + ":" + std::to_string(line.number) + ": expected " +
                                       std::to_string(names.size()) + " columns, found " +
                                       std::to_string(fields.size()) + ": '" + std::string(line.text) + "'");
                }
                for (std::size_t j = 0; j < NumFeatures; ++j)
                {
                    std::size_t const c = feature_index[j];
                    csv_location const at{&path, line.number, c, names[c]};
                    data.features(r, j) = vocabulary[c] ? static_cast<float>(vocabulary_id(fields[c], *vocabulary[c], at))
                                                        : parse_float(fields[c], at);
                }
                if constexpr (has_labels)
                {
                    for (std::size_t j = 0; j < LabelWidth; ++j)
                    {
                        std::size_t const c = label_index[j];
                        csv_location const at{&path, line.number, c, names[c]};
                        if constexpr (std::is_integral_v<Label>)
                        {
                            double const v = vocabulary[c] ? vocabulary_id(fields[c], *vocabulary[c], at) : parse_number(fields[c], at);
                            if (v != std::floor(v))
                            {
                                raise<input_error>(where(at) + ": '" + std::string(fields[c]) +
                                                   "' is not an integer class id");
                            }
                            if (char const* fault = class_id_fault(v, opts.input.num_classes))
                            {
                                raise<input_error>(where(at) + ": class id '" + std::string(fields[c]) + "' " +
                                                   class_id_fault_text(fault, opts.input.num_classes));
                            }
                            data.labels(r, j) = static_cast<csv_label_t<Label>>(v);
                        }
                        else
                        {
                            data.labels(r, j) = vocabulary[c] ? static_cast<float>(vocabulary_id(fields[c], *vocabulary[c], at))
                                                              : parse_float(fields[c], at);
                        }
                    }
                }
            }
            return data;
        }

        template <std::size_t NumFeatures, std::size_t LabelWidth, class Label>
        csv_data<NumFeatures, LabelWidth, Label> load_csv(std::filesystem::path const& path, csv_options const& opts)
        {
            return parse_csv<NumFeatures, LabelWidth, Label>(read_text_file(path), path, opts);
        }
    }

    /// @brief An input function over a CSV file: loads the whole file, then behaves as `from_arrays`.
    ///
    /// Faults name the file, line, column and text (a wrong column count, an empty field, text
    /// that is not a finite number or beyond float's range, a word outside its column's
    /// vocabulary, a class id outside [0, options.input.num_classes)); a missing column lists the columns that exist; a repeated
    /// column name, a column that is both feature and label, or a directory is refused.
    /// @tparam BatchSize   rows per batch
    /// @tparam NumFeatures feature columns
    /// @tparam LabelWidth  label columns
    /// @tparam Label       float for targets, an integer type for class ids, void for no labels
    template <std::size_t BatchSize, std::size_t NumFeatures, std::size_t LabelWidth = 1, class Label = float>
    auto from_csv(std::filesystem::path const& path, csv_options const& opts = {})
    {
        static_assert(std::is_void_v<Label> || std::is_arithmetic_v<Label>,
                      "from_csv: Label must be float (targets), an integer type (class ids) or void (no labels).");
        auto data = detail::load_csv<NumFeatures, LabelWidth, Label>(path, opts);
        if constexpr (std::is_void_v<Label>)
        {
            return from_arrays<BatchSize, NumFeatures>(std::move(data.features), opts.input);
        }
        else
        {
            return from_arrays<BatchSize, NumFeatures, LabelWidth>(std::move(data.features), std::move(data.labels),
                                                                   opts.input);
        }
    }
}

#endif
