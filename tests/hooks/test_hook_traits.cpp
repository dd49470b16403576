#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <string_view>

#include <xestimator/hooks.hpp>

namespace
{
    using xest::hooks::hook_form;
    using xest::hooks::hook_form_v;
    using xest::hooks::is_hook_v;

    struct only_begin { void begin(xest::run_info const&) {} };
    struct only_end { void end(xest::step_info const&) {} };
    struct bool_after_step { bool after_step(xest::step_info const&) { return false; } };
    struct generic_eval { bool after_evaluation(auto const&) { return false; } };
    struct concrete_eval
    {
        struct result { double loss; std::int64_t global_step; double operator[](std::string_view) const; };
        void after_evaluation(result const&) {}
    };
    struct static_cadence { static constexpr std::int64_t every_n_steps = 10; void after_step(xest::step_info const&) {} };
    struct function_cadence { std::int64_t every_n_steps() const { return 3; } void after_step(xest::step_info const&) {} };
    struct data_cadence { std::int64_t every_n_steps = 3; void after_step(xest::step_info const&) {} };
    struct step_functor { bool operator()(xest::step_info const&) const { return true; } };
    struct loss_functor { void operator()(double) const {} };

    // Not hooks.
    struct misspelt { void after_stpe(xest::step_info const&) {} };
    struct tensorflow_style { void begin(xest::run_info const&) {} void after_run(xest::step_info const&) {} };
    struct keras_style { void on_train_end() {} };
    struct near_miss { void begin(xest::run_info const&) {} void after_steps(xest::step_info const&) {} };
    struct int_after_step { int after_step(xest::step_info const&) { return 0; } };
    struct wrong_argument { void after_step(int) {} };
    struct bool_begin { bool begin(xest::run_info const&) { return true; } };
    struct both { void begin(xest::run_info const&) {} void operator()(xest::step_info const&) {} };
    struct double_cadence { static constexpr double every_n_steps = 2.5; void after_step(xest::step_info const&) {} };
    struct int_functor { int operator()(xest::step_info const&) const { return 1; } };
    struct empty {};

    using free_step = void (*)(xest::step_info const&);
    using free_loss = bool (*)(float);
}

// Recognised forms.
static_assert(hook_form_v<only_begin> == hook_form::object && is_hook_v<only_begin>);
static_assert(is_hook_v<only_end> && is_hook_v<bool_after_step> && is_hook_v<generic_eval>);
static_assert(is_hook_v<concrete_eval>);
static_assert(is_hook_v<static_cadence> && xest::hooks::has_cadence_v<static_cadence>);
static_assert(is_hook_v<function_cadence> && xest::hooks::has_cadence_v<function_cadence>);
static_assert(is_hook_v<data_cadence> && !xest::hooks::has_cadence_v<data_cadence>);
static_assert(hook_form_v<step_functor> == hook_form::step_callable && is_hook_v<step_functor>);
static_assert(hook_form_v<loss_functor> == hook_form::loss_callable && is_hook_v<loss_functor>);
static_assert(hook_form_v<free_step> == hook_form::step_callable);
static_assert(hook_form_v<free_loss> == hook_form::loss_callable && is_hook_v<free_loss>);
static_assert(is_hook_v<only_begin&> && is_hook_v<only_begin const&> && is_hook_v<only_begin&&>);
static_assert(xest::hooks::hook<step_functor>);

// A generic lambda is given the step_info.
inline constexpr auto generic_lambda = [](auto const& s) { return s.step > 3; };
static_assert(hook_form_v<decltype(generic_lambda)> == hook_form::step_callable);
// A lambda taking the step number is not a loss callable (the float loss would be truncated).
inline constexpr auto step_number_lambda = [](std::int64_t) {};
static_assert(hook_form_v<decltype(step_number_lambda)> == hook_form::none);

// Rejected types.
static_assert(!is_hook_v<int> && !is_hook_v<empty> && !is_hook_v<misspelt>);
static_assert(!is_hook_v<tensorflow_style> && !is_hook_v<keras_style> && !is_hook_v<near_miss>);
static_assert(hook_form_v<int_after_step> == hook_form::object && !is_hook_v<int_after_step>);
static_assert(hook_form_v<wrong_argument> == hook_form::object && !is_hook_v<wrong_argument>);
static_assert(!is_hook_v<bool_begin> && !is_hook_v<both> && !is_hook_v<double_cadence>);
static_assert(!is_hook_v<int_functor> && !xest::hooks::hook<int_functor>);

// Every built-in passes the protocol check, and none has a cadence the dispatcher reads (their
// every_n_steps is a data member they check themselves).
static_assert(xest::hooks::check_hooks<xest::hooks::logging, xest::hooks::stop_at_step, xest::hooks::nan_guard,
                                       xest::hooks::step_counter, xest::hooks::loss_history, xest::hooks::csv_logger,
                                       xest::hooks::progress_bar, xest::hooks::early_stopping>());
static_assert(!xest::hooks::has_cadence_v<xest::hooks::logging> && !xest::hooks::has_cadence_v<xest::hooks::csv_logger>);
static_assert(is_hook_v<xest::hooks::hook_list<xest::hooks::logging, xest::hooks::nan_guard&>>);

TEST_CASE("hook forms are decided at compile time")
{
    // The static_asserts above are the test; this case checks that std::function is not needed
    // for a type-erased callable either (it simply is a step callable).
    CHECK(hook_form_v<std::function<void(xest::step_info const&)>> == hook_form::step_callable);
    CHECK(is_hook_v<decltype(generic_lambda)>);
}
