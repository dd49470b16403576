#ifndef XESTIMATOR_TESTS_SUPPORT_TEST_FILES_HPP
#define XESTIMATOR_TESTS_SUPPORT_TEST_FILES_HPP

// Helpers shared by tests that touch files or run tools: scratch directories, file bytes,
// running a command or Python, and skipping a test (exit 77) when a tool is missing.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include <sys/wait.h>

namespace xest_test
{
    /// A fresh directory under the system temp dir, removed with its contents at scope exit.
    class scratch_dir
    {
    public:
        scratch_dir()
        {
            std::string templ = (std::filesystem::temp_directory_path() / "xest-test-XXXXXX").string();
            if (::mkdtemp(templ.data()) == nullptr)
            {
                std::perror("mkdtemp");
                std::abort();
            }
            m_path = templ;
        }
        scratch_dir(scratch_dir const&) = delete;
        scratch_dir& operator=(scratch_dir const&) = delete;
        ~scratch_dir()
        {
            std::error_code ec;
            std::filesystem::remove_all(m_path, ec);
        }
        std::filesystem::path const& path() const { return m_path; }
        std::filesystem::path operator/(std::string const& name) const { return m_path / name; }

    private:
        std::filesystem::path m_path;
    };

    inline std::string read_bytes(std::filesystem::path const& p)
    {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    inline void write_bytes(std::filesystem::path const& p, std::string const& bytes)
    {
        // A new file, not a truncated one: ext4 flushes a file truncated and rewritten on close.
        std::error_code ec;
        std::filesystem::remove(p, ec);
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    /// Runs a shell command; returns its exit status and standard output.
    inline std::pair<int, std::string> run(std::string const& command)
    {
        std::string out;
        FILE* pipe = ::popen(command.c_str(), "r");
        if (pipe == nullptr)
        {
            return {-1, out};
        }
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        {
            out.append(buf, n);
        }
        int const status = ::pclose(pipe);
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
    }

    /// Single-quotes a string for /bin/sh.
    inline std::string sh_quote(std::string const& s)
    {
        std::string q = "'";
        for (char c : s)
        {
            q += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        return q + "'";
    }

    [[noreturn]] inline void skip(std::string const& why)
    {
        std::printf("SKIPPED: %s\n", why.c_str());
        std::fflush(stdout);
        std::exit(77);
    }

    /// The Python interpreter found at configure time; skips the test when there is none.
    inline std::string python_or_skip()
    {
        std::string const py = XEST_PYTHON3;
        if (py.empty() || !std::filesystem::exists(py))
        {
            skip("no python3 interpreter was found at configure time (XEST_PYTHON3 is empty)");
        }
        return py;
    }

    /// Python with numpy; skips the test when numpy is missing.
    inline std::string numpy_python_or_skip()
    {
        std::string const py = python_or_skip();
        if (run(sh_quote(py) + " -c 'import numpy' 2>/dev/null").first != 0)
        {
            skip("numpy is not installed for " + py + " (Debian: apt-get install python3-numpy)");
        }
        return py;
    }

    /// Runs a Python program given as text; returns its exit status and standard output.
    inline std::pair<int, std::string> run_python(std::string const& py, std::string const& program)
    {
        return run(sh_quote(py) + " -c " + sh_quote(program));
    }
}

#endif
