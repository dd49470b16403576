// doctest's main for every test program, with one guard: a run asked for test cases by name
// (ctest passes --test-case=<name>) that matches none fails instead of passing with nothing run.
// A name ctest cannot pass through whole (CMake splits a ';' in it) would otherwise be a test
// that cannot fail.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>

namespace
{
    // Test cases that passed the filters in the last run; -1 before any run (a query such as
    // --list-test-cases runs none).
    int cases_run = -1;

    struct run_counter : doctest::IReporter
    {
        explicit run_counter(doctest::ContextOptions const&) {}
        void report_query(doctest::QueryData const&) override {}
        void test_run_start() override {}
        void test_run_end(doctest::TestRunStats const& stats) override
        {
            cases_run = static_cast<int>(stats.numTestCasesPassingFilters);
        }
        void test_case_start(doctest::TestCaseData const&) override {}
        void test_case_reenter(doctest::TestCaseData const&) override {}
        void test_case_end(doctest::CurrentTestCaseStats const&) override {}
        void test_case_exception(doctest::TestCaseException const&) override {}
        void subcase_start(doctest::SubcaseSignature const&) override {}
        void subcase_end() override {}
        void log_assert(doctest::AssertData const&) override {}
        void log_message(doctest::MessageData const&) override {}
        void test_case_skipped(doctest::TestCaseData const&) override {}
    };
    REGISTER_LISTENER("run_counter", 1, run_counter);

    bool names_test_cases(int argc, char** argv)
    {
        for (int i = 1; i < argc; ++i)
        {
            if (std::strncmp(argv[i], "--test-case=", 12) == 0 || std::strncmp(argv[i], "-tc=", 4) == 0)
            {
                return true;
            }
        }
        return false;
    }
}

int main(int argc, char** argv)
{
    doctest::Context context(argc, argv);
    int const result = context.run();
    if (result == 0 && cases_run == 0 && names_test_cases(argc, argv))
    {
        std::fprintf(stderr, "no test case matches the --test-case filter: a test name with ';' or an unescaped ',' "
                             "cannot pass through ctest whole; rename it\n");
        return 1;
    }
    return result;
}
