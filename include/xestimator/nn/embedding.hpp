#ifndef XESTIMATOR_NN_EMBEDDING_HPP
#define XESTIMATOR_NN_EMBEDDING_HPP

/// @file
/// @brief `nn::embedding<Rows, Width, "name">`: Keras' Embedding, a table "name/embeddings"
/// <Rows, Width> (uniform in [-0.05, 0.05], as Keras) read by ids through gather.

#include <cstddef>
#include <tuple>

#include "../core/fixed_string.hpp"
#include "../expr/ops_gather.hpp"
#include "../expr/param.hpp"

namespace xest::nn
{
    /// @brief ids <S...> -> <S..., Width>: row ids[i] of the table; an id outside [0, Rows)
    /// gives a row of NaN.
    template <std::size_t Rows, std::size_t Width, fixed_string Name = "embedding", scalar_type T = float>
    struct embedding
    {
        using table_type = param<scoped_name<Name, "embeddings">(), shape<Rows, Width>, T>;
        using param_types = std::tuple<table_type>;

        table_type table{init::random_uniform{}};

        template <class Ids>
        auto operator()(Ids const& ids) const
        {
            return gather(table, ids);
        }

        template <class F>
        void visit_params(F&& f)
        {
            f(table);
        }
        template <class F>
        void visit_params(F&& f) const
        {
            f(table);
        }
    };
}

#endif
