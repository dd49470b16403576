#ifndef XESTIMATOR_INPUTS_ARRAY_INPUT_HPP
#define XESTIMATOR_INPUTS_ARRAY_INPUT_HPP

/// @file
/// @brief `from_arrays`: batches from in-memory arrays, like TensorFlow's `numpy_input_fn`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include "../core/error.hpp"
#include "../core/shape.hpp"
#include "../core/tensor.hpp"
#include "batch.hpp"
#include "containers.hpp"
#include "options.hpp"
#include "permutation.hpp"
#include "validation.hpp"

namespace xest::inputs
{
    namespace detail
    {
        /// Marks an input without labels (prediction).
        struct no_labels
        {
        };

        // Closure rule: an lvalue is held by const reference, an rvalue is moved in.
        template <class X>
        using closure_t = std::conditional_t<std::is_lvalue_reference_v<X>, std::remove_reference_t<X> const&,
                                             std::remove_cvref_t<X>>;

        template <class LabelClosure>
        struct label_types
        {
            using container_type = std::remove_cvref_t<LabelClosure>;
            using element_type = typename container_traits<container_type>::value_type;
            // Integer labels are class ids; everything else is a float target.
            using type = std::conditional_t<std::is_integral_v<element_type>, std::int32_t, float>;
        };
        template <>
        struct label_types<no_labels>
        {
            using type = void;
        };

        template <class Label, std::size_t LabelWidth>
        struct label_shape
        {
            using type = std::conditional_t<std::is_same_v<Label, std::int32_t> && LabelWidth == 1, shape<>, shape<LabelWidth>>;
        };
        template <std::size_t LabelWidth>
        struct label_shape<void, LabelWidth>
        {
            using type = shape<>;
        };
    }

    /// @brief An input function over in-memory features (and labels): made by `from_arrays`.
    ///
    /// Walks the examples `num_epochs` times (or forever with `repeat`), in order or in a
    /// seeded order that changes every epoch. A batch may straddle an epoch boundary; only the
    /// last batch of the last epoch is partial. `next()` never allocates.
    /// @tparam BatchSize      rows per batch
    /// @tparam NumFeatures    features per example (columns of a 2-D feature container)
    /// @tparam LabelWidth     labels per example (columns of a 2-D label container)
    /// @tparam FeatureClosure `X const&` for a borrowed container, `X` for an owned one
    /// @tparam LabelClosure   likewise, or `detail::no_labels`
    template <std::size_t BatchSize, std::size_t NumFeatures, std::size_t LabelWidth, class FeatureClosure,
              class LabelClosure = detail::no_labels>
    class array_input
    {
        using feature_container = std::remove_cvref_t<FeatureClosure>;
        using label_container = std::remove_cvref_t<LabelClosure>;
        using ftraits = detail::container_traits<feature_container>;

        static_assert(BatchSize > 0, "BatchSize must be at least 1.");
        static_assert(NumFeatures > 0, "NumFeatures must be at least 1.");
        static_assert(LabelWidth > 0, "LabelWidth must be at least 1.");
        // Specific before general: an unsupported container first, then a rank that does not fit.
        static_assert(ftraits::supported,
                      "features must be an xt::xtensor<T, 1 or 2>, a std::vector<T>, a std::array<T, N>, a "
                      "std::array<std::array<T, C>, N>, a T[N] or a T[N][C] (rows are examples), with an arithmetic T.");
        static_assert(!ftraits::supported || ftraits::rank == 2 || NumFeatures == 1,
                      "1-D features hold one feature per example: declare NumFeatures = 1, or pass a 2-D "
                      "container with NumFeatures columns.");

    public:
        static constexpr std::size_t batch_size = BatchSize;
        static constexpr std::size_t num_features = NumFeatures;
        static constexpr std::size_t label_width = LabelWidth;
        static constexpr bool has_labels = !std::is_same_v<label_container, detail::no_labels>;

        using value_type = float;
        using feature_shape = shape<NumFeatures>;
        using label_type = typename detail::label_types<LabelClosure>::type;
        using label_shape = typename detail::label_shape<label_type, LabelWidth>::type;
        using batch_type = batch<value_type, BatchSize, feature_shape, label_type, label_shape>;

        /// @brief An input over features only (prediction).
        template <class X>
        array_input(X&& features, options opts)
            requires(!has_labels)
            : m_features(std::forward<X>(features))
            , m_options(opts)
        {
            check_features();
            setup();
        }

        /// @brief An input over features and labels (training, evaluation).
        template <class X, class Y>
        array_input(X&& features, Y&& labels, options opts)
            requires(has_labels)
            : m_features(std::forward<X>(features))
            , m_labels(std::forward<Y>(labels))
            , m_options(opts)
        {
            check_features();
            check_labels();
            setup();
        }

        /// @brief Fills `out` with the next batch; false when every epoch has been delivered.
        bool next(batch_type& out) noexcept
        {
            if (exhausted())
            {
                out.size = 0;
                return false;
            }
            auto features = flat(out.features);
            std::size_t row = 0;
            while (row < BatchSize && !exhausted())
            {
                std::size_t const position = static_cast<std::size_t>(m_state.position);
                std::size_t const example = m_options.shuffle ? m_order[position] : position;
                for (std::size_t j = 0; j < NumFeatures; ++j)
                {
                    features[row * NumFeatures + j] = static_cast<value_type>(ftraits::at(feature_ref(), example, j));
                }
                if constexpr (has_labels)
                {
                    auto labels = flat(out.labels);
                    constexpr std::size_t width = label_shape::size;
                    for (std::size_t j = 0; j < width; ++j)
                    {
                        labels[row * width + j] = static_cast<label_type>(ltraits::at(label_ref(), example, j));
                    }
                }
                ++row;
                advance();
            }
            // Padding rows are zero so that a model that forgets `size` sees no stale data.
            for (std::size_t i = row * NumFeatures; i < features.size(); ++i)
            {
                features[i] = value_type(0);
            }
            if constexpr (has_labels)
            {
                auto labels = flat(out.labels);
                for (std::size_t i = row * label_shape::size; i < labels.size(); ++i)
                {
                    labels[i] = label_type(0);
                }
            }
            out.size = row;
            return true;
        }

        /// @brief Moves past the batch next() would fill, without reading it (a shard passing over
        /// the other ranks' batches); returns its number of examples, 0 once every epoch has been
        /// delivered.
        std::size_t skip_batch() noexcept
        {
            std::size_t rows = 0;
            while (rows < BatchSize && !exhausted())
            {
                ++rows;
                advance();
            }
            return rows;
        }

        /// @brief Back to the first example of epoch 0.
        void reset() noexcept { restore_unchecked(input_state{}); }

        /// @brief The current (epoch, position), for a checkpoint.
        input_state state() const noexcept { return m_state; }

        /// @brief Continues from a state saved by `state()`: the following batches are exactly
        /// those the saved input would have produced.
        void restore(input_state s)
        {
            if (s.epoch < 0 || s.position < 0 || static_cast<std::size_t>(s.position) >= m_num_examples)
            {
                raise<input_error>("cannot restore input state: a negative epoch or a position past the examples",
                                   [&]
                                   {
                                       return "cannot restore input state (epoch " + std::to_string(s.epoch) + ", position " +
                                              std::to_string(s.position) + "): the position must lie in [0, " +
                                              std::to_string(m_num_examples) + ") and the epoch must not be negative";
                                   });
            }
            restore_unchecked(s);
        }

        /// @brief True once the last epoch has been delivered (never with `repeat`).
        bool exhausted() const noexcept { return m_options.num_epochs != repeat && m_state.epoch >= m_options.num_epochs; }

        std::size_t num_examples() const noexcept { return m_num_examples; }
        /// @brief The largest class id and its example (max_id -1 without class ids), so that a
        /// model's class count can be checked before the first step.
        detail::class_id_extent class_ids() const noexcept { return m_class_ids; }
        std::int64_t num_epochs() const noexcept { return m_options.num_epochs; }
        options const& input_options() const noexcept { return m_options; }

        /// @brief The features the input reads (for from_csv: the table it loaded), e.g. to
        /// split them with take() and skip() or to compute normalization statistics.
        feature_container const& features() const noexcept { return m_features; }
        /// @brief The labels the input reads.
        label_container const& labels() const noexcept
            requires(has_labels)
        {
            return m_labels;
        }

    private:
        using ltraits = detail::container_traits<std::conditional_t<has_labels, label_container, float[1]>>;

        feature_container const& feature_ref() const noexcept { return m_features; }
        label_container const& label_ref() const noexcept { return m_labels; }

        void check_features()
        {
            m_num_examples = ftraits::rows(feature_ref());
            if constexpr (ftraits::rank == 2)
            {
                std::size_t const cols = ftraits::cols(feature_ref());
                if (cols != NumFeatures)
                {
                    raise<input_error>("features have another column count than NumFeatures",
                                       [&]
                                       {
                                           return "features have " + std::to_string(cols) +
                                                  " columns, but the input was declared with NumFeatures = " +
                                                  std::to_string(NumFeatures);
                                       });
                }
            }
            if (m_num_examples == 0)
            {
                raise<input_error>("the input has no examples (features have 0 rows)");
            }
            if (m_options.num_epochs != repeat && m_options.num_epochs < 1)
            {
                raise<input_error>("num_epochs is not positive: use a positive count, or inputs::repeat to cycle forever",
                                   [&]
                                   {
                                       return "num_epochs = " + std::to_string(m_options.num_epochs) +
                                              ": use a positive count, or inputs::repeat to cycle forever";
                                   });
            }
            if (m_options.num_classes < 0)
            {
                raise<input_error>("num_classes is negative: use the model's number of classes, or 0 when the labels are "
                                   "not class ids",
                                   [&]
                                   {
                                       return "num_classes = " + std::to_string(m_options.num_classes) +
                                              ": use the model's number of classes, or 0 when the labels are not class ids";
                                   });
            }
            detail::check_real_values<ftraits>(feature_ref(), m_num_examples, "features");
        }

        void check_labels()
        {
            static_assert(ltraits::supported,
                          "labels must be an xt::xtensor<T, 1 or 2>, a std::vector<T>, a std::array<T, N>, a "
                          "std::array<std::array<T, C>, N>, a T[N] or a T[N][C] (rows are examples), with an arithmetic T.");
            static_assert(!ltraits::supported || ltraits::rank == 2 || LabelWidth == 1,
                          "1-D labels hold one label per example: declare LabelWidth = 1, or pass a 2-D "
                          "container with LabelWidth columns.");
            std::size_t const rows = ltraits::rows(label_ref());
            if (rows != m_num_examples)
            {
                raise<input_error>("features and labels have different row counts",
                                   [&]
                                   {
                                       return "features have " + std::to_string(m_num_examples) + " rows, but labels have " +
                                              std::to_string(rows) + " rows";
                                   });
            }
            if constexpr (ltraits::rank == 2)
            {
                std::size_t const cols = ltraits::cols(label_ref());
                if (cols != LabelWidth)
                {
                    raise<input_error>("labels have another column count than LabelWidth",
                                       [&]
                                       {
                                           return "labels have " + std::to_string(cols) +
                                                  " columns, but the input was declared with LabelWidth = " +
                                                  std::to_string(LabelWidth);
                                       });
                }
            }
            // Class ids are delivered as std::int32_t: refuse a wider id rather than wrap it, and
            // an id no class exists for rather than train on a NaN loss.
            m_class_ids = detail::check_class_ids<ltraits>(label_ref(), m_num_examples, m_options.num_classes);
            detail::check_real_values<ltraits>(label_ref(), m_num_examples, "labels");
        }

        void setup()
        {
            if constexpr (ftraits::static_rows == 0)
            {
                if (m_options.shuffle)
                {
                    // The only allocation: the order buffer, reused by every epoch.
                    m_order.resize(m_num_examples);
                }
            }
            restore_unchecked(input_state{});
        }

        void restore_unchecked(input_state s) noexcept
        {
            m_state = s;
            if (m_options.shuffle && !exhausted())
            {
                detail::epoch_permutation(std::span<std::size_t>(m_order), m_options.seed, m_state.epoch);
            }
        }

        void advance() noexcept
        {
            if (static_cast<std::size_t>(++m_state.position) == m_num_examples)
            {
                m_state.position = 0;
                ++m_state.epoch;
                if (m_options.shuffle && !exhausted())
                {
                    detail::epoch_permutation(std::span<std::size_t>(m_order), m_options.seed, m_state.epoch);
                }
            }
        }

        FeatureClosure m_features;
        [[no_unique_address]] LabelClosure m_labels{};
        options m_options;
        input_state m_state{};
        std::size_t m_num_examples = 0;
        detail::class_id_extent m_class_ids{};
        typename detail::order_buffer<ftraits::static_rows>::type m_order{};
    };

    /// @brief An input over features and labels, for `train` and `evaluate`.
    ///
    /// `features`: a 2-D container (inputs/containers.hpp) with NumFeatures columns, or a 1-D one
    /// when NumFeatures = 1. `labels`: likewise with LabelWidth; integer labels are class ids
    /// (`std::int32_t`, one per example), others are float targets. Lvalues are borrowed (they
    /// must outlive the input: `constexpr` arrays are read in place), rvalues are moved in. With
    /// a row count known at compile time (std::array, T[N]) the input allocates nothing.
    /// @tparam BatchSize   rows per batch
    /// @tparam NumFeatures features per example
    /// @tparam LabelWidth  labels per example
    template <std::size_t BatchSize, std::size_t NumFeatures = 1, std::size_t LabelWidth = 1, class X, class Y>
        requires(!std::is_same_v<std::remove_cvref_t<Y>, options>)
    auto from_arrays(X&& features, Y&& labels, options opts = {})
    {
        using input_type = array_input<BatchSize, NumFeatures, LabelWidth, detail::closure_t<X&&>, detail::closure_t<Y&&>>;
        return input_type(std::forward<X>(features), std::forward<Y>(labels), opts);
    }

    /// @brief An input over features only, for `predict`.
    template <std::size_t BatchSize, std::size_t NumFeatures = 1, class X>
    auto from_arrays(X&& features, options opts = {})
    {
        using input_type = array_input<BatchSize, NumFeatures, 1, detail::closure_t<X&&>>;
        return input_type(std::forward<X>(features), opts);
    }
}

#endif
