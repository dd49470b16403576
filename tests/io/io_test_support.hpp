#ifndef XESTIMATOR_TESTS_IO_TEST_SUPPORT_HPP
#define XESTIMATOR_TESTS_IO_TEST_SUPPORT_HPP

// The io tests use the shared file and process helpers.
#include "test_files.hpp"

#endif
