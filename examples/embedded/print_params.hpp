#ifndef XEST_EXAMPLES_EMBEDDED_PRINT_PARAMS_HPP
#define XEST_EXAMPLES_EMBEDDED_PRINT_PARAMS_HPP

// Every value of every param of a model, one line each: "name[i] = decimal (0xbits)".

#include <cstddef>
#include <cstdint>

#include <xestimator/estimator/model_params.hpp>

#include "board.hpp"

namespace firmware
{
    /// @brief Prints every value of every param, name first, as decimal and bits.
    template <class Model>
    void print_params(Model const& model)
    {
        xest::for_each_model_param(model,
                                   [](auto const& p)
                                   {
                                       for (std::size_t i = 0; i < p.size; ++i)
                                       {
                                           board::write(p.name_view().data());
                                           board::write("[");
                                           board::write_uint(static_cast<std::uint32_t>(i));
                                           board::write_value("]", p.value.data()[i]);
                                       }
                                   });
    }
}

#endif
