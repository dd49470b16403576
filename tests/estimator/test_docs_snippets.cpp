// docs/getting_the_loss.md: every C++ snippet after "From `examples/NAME.cpp`" appears verbatim
// in that example, so the documentation cannot drift from programs that are built and run.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace
{
    std::filesystem::path const repo = std::filesystem::path(XEST_TEST_DATA_DIR).parent_path().parent_path();

    std::string read(std::filesystem::path const& p)
    {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
}

TEST_CASE("docs: the snippets of getting_the_loss.md are verbatim copies of examples/")
{
    std::string const doc = read(repo / "docs" / "getting_the_loss.md");
    REQUIRE(!doc.empty());
    std::string current;  // the example the following snippets come from
    int checked = 0;
    std::size_t pos = 0;
    while (pos < doc.size())
    {
        std::size_t const from = doc.find("From `examples/", pos);
        std::size_t const block = doc.find("```cpp\n", pos);
        if (block == std::string::npos)
        {
            break;
        }
        if (from != std::string::npos && from < block)
        {
            std::size_t const start = from + 6;
            current = doc.substr(start, doc.find('`', start) - start);
            pos = start;
            continue;
        }
        std::size_t const body = block + 7;
        std::size_t const end = doc.find("```\n", body);
        REQUIRE(end != std::string::npos);
        std::string const snippet = doc.substr(body, end - body);
        pos = end + 4;
        REQUIRE_MESSAGE(!current.empty(), "a snippet without its example file");
        std::string const source = read(repo / current);
        REQUIRE_MESSAGE(!source.empty(), current);
        INFO(current, ":\n", snippet);
        CHECK(source.find(snippet) != std::string::npos);
        ++checked;
    }
    CHECK(checked == 6);
}
