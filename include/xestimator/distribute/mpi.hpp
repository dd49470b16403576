#ifndef XESTIMATOR_DISTRIBUTE_MPI_HPP
#define XESTIMATOR_DISTRIBUTE_MPI_HPP

/// @file
/// @brief Data-parallel training over MPI (docs/distributed.md): include this one header.
///
/// `distribute::mpi_estimator<Model, Optimizer, Hooks...>` is `xest::estimator` with two parts
/// swapped: the optimizer averages gradients over the ranks (`distribute::mpi`, one
/// MPI_Allreduce per step) and the storage writes on rank 0 only (`distribute::mpi_model_directory`).
/// Each rank trains on its `distribute::shard` of the input.
///
/// ```cpp
/// xest::distribute::environment env(argc, argv);
/// xest::distribute::shard train_in(all_examples, env.rank(), env.size());
/// xest::distribute::mpi_estimator<mlp, xest::optim::adam> est({.model_dir = "run"}, xest::optim::adam{});
/// est.train(train_in, xest::steps{1000});
/// ```

#include "../estimator/basic_estimator.hpp"
#include "environment.hpp"
#include "mpi_model_directory.hpp"
#include "mpi_optimizer.hpp"
#include "shard.hpp"

namespace xest::distribute
{
    /// @brief A data-parallel estimator over MPI_COMM_WORLD (see the file comment).
    template <class Model, class Optimizer, class... Hooks>
    using mpi_estimator = basic_estimator<Model, mpi<Model, Optimizer>, mpi_model_directory, Hooks...>;
}

#endif
