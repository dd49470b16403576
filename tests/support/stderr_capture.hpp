#ifndef XESTIMATOR_TESTS_SUPPORT_STDERR_CAPTURE_HPP
#define XESTIMATOR_TESTS_SUPPORT_STDERR_CAPTURE_HPP

// Captures what a test's code writes to standard error (file descriptor 2), for tests of log
// lines and warnings.

#include <cstdio>
#include <string>

#include <unistd.h>

namespace xest_test
{
    /// Redirects file descriptor 2 (and stderr) into a temporary file until text() is called.
    class stderr_capture
    {
    public:
        stderr_capture()
        {
            std::fflush(stderr);
            m_file = std::tmpfile();
            m_saved = ::dup(2);
            ::dup2(::fileno(m_file), 2);
        }
        stderr_capture(stderr_capture const&) = delete;
        stderr_capture& operator=(stderr_capture const&) = delete;
        ~stderr_capture()
        {
            restore();
            std::fclose(m_file);
        }

        /// Restores stderr and returns what was written to it.
        std::string text()
        {
            restore();
            std::string out;
            std::rewind(m_file);
            char buf[4096];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, m_file)) > 0)
            {
                out.append(buf, n);
            }
            return out;
        }

    private:
        void restore()
        {
            if (m_saved >= 0)
            {
                std::fflush(stderr);
                ::dup2(m_saved, 2);
                ::close(m_saved);
                m_saved = -1;
            }
        }

        std::FILE* m_file = nullptr;
        int m_saved = -1;
    };
}

#endif
