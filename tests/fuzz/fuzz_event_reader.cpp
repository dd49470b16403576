// libFuzzer target: the tests' event-file decoder (tests/support/event_reader.hpp). Any bytes
// must decode to records, a truncation or an error, never a crash; a decoded prefix must decode
// the same when the bytes after it are cut.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "event_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    auto const all = xest_test::events::decode(bytes);
    if (all.bytes_ok > size)
    {
        std::abort();
    }
    auto const prefix = xest_test::events::decode(bytes.substr(0, static_cast<std::size_t>(all.bytes_ok)));
    if (prefix.events.size() != all.events.size() || prefix.truncated)
    {
        std::abort();
    }
    return 0;
}
