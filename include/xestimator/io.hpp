#ifndef XESTIMATOR_IO_HPP
#define XESTIMATOR_IO_HPP

/// @file
/// @brief The model-directory layer: event files, .npz checkpoints, the checkpoint index, atomic writes, the training lock.

#include "io/array_entry.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint.hpp"
#include "io/crc32.hpp"
#include "io/crc32c.hpp"
#include "io/dir_lock.hpp"
#include "io/event_writer.hpp"
#include "io/npz.hpp"

#endif
