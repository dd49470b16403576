#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include <xestimator/canned.hpp>
#include <xestimator/estimator/model_summary.hpp>
#include <xestimator/xestimator.hpp>

namespace
{
    struct mlp
    {
        xest::nn::dense<4, 8, xest::nn::relu, "hidden"> hidden;
        xest::nn::dense<8, 3, xest::nn::linear, "logits"> logits;
        xest::param<"temperature", xest::shape<>> temperature{xest::init::constant{1.0}};

        template <class Mode>
        auto operator()(auto const& features, auto const& labels, Mode mode) const
        {
            auto out = logits(hidden(features));
            return xest::spec(mode)
                .loss(xest::losses::sparse_softmax_cross_entropy(labels, out))
                .predictions(xest::softmax(out));
        }
    };

    // What print_model_summary writes, read back from a temporary file.
    template <class Source>
    std::string summary_text(Source const& source, std::size_t& total)
    {
        std::FILE* f = std::tmpfile();
        REQUIRE(f != nullptr);
        total = xest::print_model_summary(source, f);
        std::rewind(f);
        std::string text;
        for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f))
        {
            text += static_cast<char>(c);
        }
        std::fclose(f);
        return text;
    }
}

TEST_CASE("print_model_summary: every param of a model with its shape and count, then the total")
{
    mlp model;
    std::size_t total = 0;
    std::string const text = summary_text(model, total);
    CHECK(total == 4 * 8 + 8 + 8 * 3 + 3 + 1);
    std::string const expected = "Param           Shape    Param #\n"
                                 "================================\n"
                                 "hidden/kernel   (4, 8)        32\n"
                                 "hidden/bias     (8)            8\n"
                                 "logits/kernel   (8, 3)        24\n"
                                 "logits/bias     (3)            3\n"
                                 "temperature     ()             1\n"
                                 "================================\n"
                                 "Total params: 68 (272 B)\n";
    CHECK(text == expected);
}

TEST_CASE("print_model_summary: an estimator prints its model, counts are grouped by thousands")
{
    xest::canned::dnn_classifier<64, xest::canned::hidden<64, 32>, 10> classifier;
    std::size_t total = 0;
    std::string const text = summary_text(classifier, total);
    CHECK(total == 64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
    CHECK(text.find("dnn/hiddenlayer_0/kernel   (64, 64)     4,096\n") != std::string::npos);
    CHECK(text.find("dnn/hiddenlayer_1/bias     (32)            32\n") != std::string::npos);
    CHECK(text.find("dnn/logits/kernel          (32, 10)       320\n") != std::string::npos);
    CHECK(text.find("dnn/hiddenlayer_0/kernel") < text.find("dnn/logits/bias"));
    CHECK(text.find("Total params: 6,570 (25.66 KB)\n") != std::string::npos);

    // The estimator's model and the model itself give the same table.
    std::size_t model_total = 0;
    CHECK(summary_text(classifier.model(), model_total) == text);
    CHECK(model_total == total);
}

TEST_CASE("print_model_summary: a null stream is an error")
{
    mlp model;
    CHECK_THROWS_AS(xest::print_model_summary(model, nullptr), xest::config_error);
}
