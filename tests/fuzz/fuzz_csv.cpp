// libFuzzer target: the CSV reader behind from_csv. Any bytes must give either an input or an
// xest::error naming the fault; never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <xestimator/inputs/csv_input.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    // The first byte picks the layout: with a header "a,b,label" or by column index.
    bool const header = (data[0] & 1) != 0;
    bool const class_ids = (data[0] & 2) != 0;
    std::string_view const text(reinterpret_cast<char const*>(data + 1), size - 1);
    xest::inputs::csv_options opts;
    opts.header = header;
    opts.label_column = header ? "label" : "2";
    opts.input.num_classes = (data[0] & 4) != 0 ? 3 : 0;
    try
    {
        if (class_ids)
        {
            auto d = xest::inputs::detail::parse_csv<2, 1, int>(text, "fuzz.csv", opts);
            auto in = xest::inputs::from_arrays<4, 2>(std::move(d.features), std::move(d.labels), opts.input);
            decltype(in)::batch_type b;
            while (in.next(b))
            {
            }
        }
        else
        {
            auto d = xest::inputs::detail::parse_csv<2, 1, float>(text, "fuzz.csv", opts);
            auto in = xest::inputs::from_arrays<4, 2>(std::move(d.features), std::move(d.labels), opts.input);
            decltype(in)::batch_type b;
            while (in.next(b))
            {
            }
        }
    }
    catch (xest::error const&)
    {
    }
    return 0;
}
