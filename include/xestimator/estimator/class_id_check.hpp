#ifndef XESTIMATOR_ESTIMATOR_CLASS_ID_CHECK_HPP
#define XESTIMATOR_ESTIMATOR_CLASS_ID_CHECK_HPP

/// @file
/// @brief The check of an input's class ids against the model's class count, before train()
/// takes its first step and before evaluate() reads a batch.
///
/// The input knows its largest class id but not the model; the loss type knows the class count.
/// Without this check an id at or past it gives a NaN loss mid-training (sparse softmax
/// cross-entropy) or trains silently on a row of zeros (one_hot of the ids).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "../core/error.hpp"
#include "../expr/graph.hpp"
#include "../expr/node.hpp"
#include "../expr/ops_concat.hpp"
#include "../expr/ops_gather.hpp"
#include "../losses/losses.hpp"

namespace xest::detail
{
    template <class E>
    inline constexpr bool is_class_id_labels_v = false;
    /// The labels placeholder with integer elements: the input's class ids, as delivered.
    template <class T, class S>
    inline constexpr bool is_class_id_labels_v<expr::data_leaf<expr::labels_tag, T, S>> = std::is_integral_v<T>;

    /// The depth of `one_hot<Depth>(labels)`, or of a slice of it, as a loss's label operand; 0
    /// for any other operand.
    template <class E>
    inline constexpr std::size_t one_hot_labels_depth_v = 0;
    template <class S, std::size_t Depth, class T, class Ids>
    inline constexpr std::size_t one_hot_labels_depth_v<expr::node<expr::one_hot_op<S, Depth, T>, Ids>> =
        is_class_id_labels_v<Ids> ? Depth : 0;
    template <class S, std::size_t Begin, std::size_t Size, class A>
    inline constexpr std::size_t one_hot_labels_depth_v<expr::node<expr::slice_op<S, Begin, Size>, A>> =
        one_hot_labels_depth_v<A>;

    /// Losses of labels in {0, 1}: over `one_hot<Depth>(labels)` (or a slice of it: the canned
    /// binary head's column 1 of `one_hot<2>`), ids must stay under Depth.
    template <class Rule>
    inline constexpr bool is_binary_label_rule_v =
        std::is_same_v<Rule, losses::rules::sigmoid_cross_entropy> || std::is_same_v<Rule, losses::rules::hinge> ||
        std::is_same_v<Rule, losses::rules::log_loss>;

    /// The number of classes one node of a loss gives the input's class ids; 0: none.
    template <class Node>
    inline constexpr std::size_t node_class_count_v = 0;
    template <class T, std::size_t B, std::size_t C, bool Batched, class SW, class L, class... Rest>
    inline constexpr std::size_t
        node_class_count_v<expr::node<losses::detail::softmax_cross_entropy_op<T, B, C, true, Batched, SW>, L, Rest...>> =
            is_class_id_labels_v<L> ? C : 0;
    template <class T, std::size_t B, std::size_t C, bool Batched, class SW, class L, class... Rest>
    inline constexpr std::size_t
        node_class_count_v<expr::node<losses::detail::softmax_cross_entropy_op<T, B, C, false, Batched, SW>, L, Rest...>> =
            one_hot_labels_depth_v<L>;
    template <class Rule, class S, bool Batched, class SW, class L, class... Rest>
    inline constexpr std::size_t
        node_class_count_v<expr::node<losses::detail::pointwise_loss_op<Rule, S, Batched, SW>, L, Rest...>> =
            is_binary_label_rule_v<Rule> ? one_hot_labels_depth_v<L> : 0;

    template <class Entries>
    struct class_count_of_entries;
    template <class... E>
    struct class_count_of_entries<expr::graph::list<E...>>
    {
        // The smallest count over every node that sets one: each such node needs its ids below it.
        static constexpr std::size_t value = []
        {
            std::size_t count = 0;
            for (std::size_t c : {std::size_t{0}, node_class_count_v<typename E::node_type>...})
            {
                count = c != 0 && (count == 0 || c < count) ? c : count;
            }
            return count;
        }();
    };

    /// @brief The number of classes the class ids of a loss expression type must stay under
    /// (found in every node of its graph), or 0 when the loss reads no class ids.
    template <class Loss>
    inline constexpr std::size_t loss_class_count_v = class_count_of_entries<expr::graph::compile_t<Loss>>::value;

    /// @brief Refuses an input whose largest class id (`input.class_ids()`) is at or past the
    /// class count of the loss: nothing is done for a loss without one or an input without ids.
    template <class Loss, class Input>
    void check_class_ids_fit_loss([[maybe_unused]] Input const& input)
    {
        constexpr std::size_t classes = loss_class_count_v<Loss>;
        if constexpr (classes > 0 && requires { input.class_ids().max_id; })
        {
            auto const ids = input.class_ids();
            if (ids.max_id >= static_cast<std::int64_t>(classes))
            {
                raise<input_error>("a class id of the input is out of range for the model's classes: set "
                                   "inputs::options::num_classes or fix the data",
                                   [&]
                                   {
                                       return "label " + std::to_string(ids.max_id) + " of example " +
                                              std::to_string(ids.example) + " is out of range for the model's " +
                                              std::to_string(classes) + " classes (ids 0 to " +
                                              std::to_string(classes - 1) +
                                              "): set inputs::options::num_classes or fix the data";
                                   });
            }
        }
    }
}

#endif
