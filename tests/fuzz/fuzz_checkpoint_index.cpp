// libFuzzer target: the parser of the `checkpoint` index. Any text must parse or be refused;
// what parses must survive being written back (the index the library writes) and read again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <xestimator/io/checkpoint.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const idx = xest::io::detail::parse_index(text);
    if (!idx)
    {
        return 0;
    }
    std::string written = "model_checkpoint_path: ";
    xest::io::detail::append_quoted(written, idx->first);
    written += '\n';
    for (auto const& name : idx->second)
    {
        written += "all_model_checkpoint_paths: ";
        xest::io::detail::append_quoted(written, name);
        written += '\n';
    }
    auto const back = xest::io::detail::parse_index(written);
    if (!back || *back != *idx)
    {
        std::abort(); // the library would write an index it cannot read back
    }
    // Whatever a name says, rotation may only remove files it owns inside model_dir.
    xest::io::checkpoint_manager const m("/nonexistent-model-dir", 1);
    for (auto const& name : idx->second)
    {
        std::filesystem::path const p = std::filesystem::path(m.model_dir()) / name;
        if (m.owns(p) && p.lexically_normal().parent_path() != m.model_dir())
        {
            std::abort();
        }
    }
    return 0;
}
