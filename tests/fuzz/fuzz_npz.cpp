// libFuzzer target: the .npz / .npy reader used to restore checkpoints. Any bytes must give
// either arrays whose data matches their shape and dtype, or a message naming the fault.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <xestimator/io/npz.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    std::vector<xest::io::array_entry> entries;
    try
    {
        if (xest::io::detail::parse_npz(bytes, entries).empty())
        {
            for (auto const& e : entries)
            {
                std::size_t const item = xest::io::detail::npy_item_size(e.dtype);
                if (item == 0 || e.data.size() != e.size() * item)
                {
                    std::abort(); // accepted an array whose bytes do not match its shape
                }
            }
            // What was read writes back and reads again to the same arrays.
            std::string const again = xest::io::npz_bytes(entries);
            std::vector<xest::io::array_entry> back;
            if (!xest::io::detail::parse_npz(again, back).empty() || back.size() != entries.size())
            {
                std::abort();
            }
        }
    }
    catch (xest::error const&)
    {
    }
    return 0;
}
