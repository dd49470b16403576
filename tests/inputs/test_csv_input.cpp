#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <string>
#include <type_traits>
#include <vector>

#include <xestimator/inputs/csv_input.hpp>

namespace xi = xest::inputs;
namespace fs = std::filesystem;

namespace
{
    fs::path const iris = fs::path(XEST_TEST_DATA_DIR) / "iris.csv";

    // A scratch directory per test case, removed at the end.
    struct temp_dir
    {
        fs::path path;
        temp_dir()
        {
            path = fs::temp_directory_path() /
                   ("xest_csv_test_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "_" +
                    std::to_string(std::hash<std::string>{}(doctest::getContextOptions()->binary_name.c_str())));
            fs::create_directories(path);
        }
        ~temp_dir()
        {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
        fs::path write(std::string const& name, std::string const& text) const
        {
            std::ofstream(path / name, std::ios::binary) << text;
            return path / name;
        }
    };

    // Reads iris.csv independently of the library: plain stream parsing.
    struct iris_rows
    {
        std::vector<std::vector<double>> features;
        std::vector<int> species;
    };
    iris_rows read_iris()
    {
        iris_rows out;
        std::ifstream in(iris);
        std::string line;
        std::getline(in, line); // header
        while (std::getline(in, line))
        {
            if (line.empty())
            {
                continue;
            }
            std::vector<double> row;
            std::size_t start = 0;
            for (int k = 0; k < 5; ++k)
            {
                std::size_t end = line.find(',', start);
                row.push_back(std::stod(line.substr(start, end - start)));
                start = end + 1;
            }
            out.species.push_back(static_cast<int>(row.back()));
            row.pop_back();
            out.features.push_back(row);
        }
        return out;
    }
}

TEST_CASE("from_csv: iris with integer class labels matches an independent read of the file")
{
    auto const expected = read_iris();
    REQUIRE(expected.features.size() == 150);
    auto in = xi::from_csv<32, 4, 1, int>(iris, {.label_column = "species"});
    using I = decltype(in);
    static_assert(std::is_same_v<I::label_type, std::int32_t>);
    static_assert(std::is_same_v<I::label_shape, xest::shape<>>);
    CHECK(in.num_examples() == 150);
    I::batch_type b;
    std::size_t row = 0;
    std::vector<std::size_t> sizes;
    while (in.next(b))
    {
        sizes.push_back(b.size);
        for (std::size_t r = 0; r < b.size; ++r, ++row)
        {
            for (std::size_t j = 0; j < 4; ++j)
            {
                CHECK(b.features(r, j) == static_cast<float>(expected.features[row][j]));
            }
            CHECK(b.labels(r) == expected.species[row]);
        }
    }
    CHECK(row == 150);
    CHECK(sizes == std::vector<std::size_t>{32, 32, 32, 32, 22});
}

TEST_CASE("from_csv: chosen feature columns, float labels, no labels, no header")
{
    auto const expected = read_iris();
    auto in = xi::from_csv<150, 2>(iris, {.feature_columns = {"petal_width", "sepal_length"}, .label_column = "petal_length"});
    static_assert(std::is_same_v<decltype(in)::label_type, float>);
    static_assert(std::is_same_v<decltype(in)::batch_type::labels_type, xest::tensor<float, xest::shape<150, 1>>>);
    decltype(in)::batch_type b;
    REQUIRE(in.next(b));
    CHECK(b.features(7, 0) == static_cast<float>(expected.features[7][3]));
    CHECK(b.features(7, 1) == static_cast<float>(expected.features[7][0]));
    CHECK(b.labels(7, 0) == static_cast<float>(expected.features[7][2]));

    auto predict = xi::from_csv<16, 4, 1, void>(iris, {.feature_columns = {"sepal_length", "sepal_width", "petal_length", "petal_width"}});
    static_assert(!decltype(predict)::has_labels);
    CHECK(predict.num_examples() == 150);

    temp_dir dir;
    auto file = dir.write("plain.tsv", "1\t2\t3\r\n4\t5\t6\r\n\r\n7\t8\t9\r\n");
    auto noheader = xi::from_csv<3, 2, 1, int>(file, {.label_column = "0", .header = false, .delimiter = '\t'});
    decltype(noheader)::batch_type c;
    REQUIRE(noheader.next(c));
    CHECK(c.size == 3);
    CHECK(c.labels(2) == 7);
    CHECK(c.features(2, 0) == 8.0f);
    CHECK(c.features(2, 1) == 9.0f);

    auto wide = xi::from_csv<2, 1, 2>(file, {.label_columns = {"2", "0"}, .header = false, .delimiter = '\t'});
    decltype(wide)::batch_type w;
    REQUIRE(wide.next(w));
    CHECK(w.labels(1, 0) == 6.0f);
    CHECK(w.labels(1, 1) == 4.0f);
    CHECK(w.features(1, 0) == 5.0f);
}

TEST_CASE("from_csv: options.input reaches the input (epochs, shuffle)")
{
    auto in = xi::from_csv<50, 4, 1, int>(iris, {.label_column = "species", .input = {.num_epochs = 2, .shuffle = true, .seed = 3}});
    CHECK(in.num_epochs() == 2);
    decltype(in)::batch_type b;
    int batches = 0;
    while (in.next(b))
    {
        ++batches;
    }
    CHECK(batches == 6);
}

TEST_CASE("from_csv: malformed files name file, line, column and text")
{
    temp_dir dir;
    auto const header = std::string("a,b,label\n");

    auto short_row = dir.write("short.csv", header + "1,2,0\n3,4\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(short_row, {.label_column = "label"})),
                         doctest::Contains("short.csv:3: expected 3 columns, found 2: '3,4'"), xest::input_error);

    auto text = dir.write("text.csv", header + "1,2,0\n\n3,abc,1\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(text, {.label_column = "label"})),
                         doctest::Contains("text.csv:4: column 2 ('b'): 'abc' is not a number"), xest::input_error);

    auto empty_field = dir.write("empty_field.csv", header + "1,,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(empty_field, {.label_column = "label"})),
                         doctest::Contains("empty_field.csv:2: column 2 ('b'): empty field"), xest::input_error);

    auto trailing = dir.write("trailing.csv", header + "1,2.5x,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(trailing, {.label_column = "label"})),
                         doctest::Contains("trailing.csv:2: column 2 ('b'): '2.5x' is not a number"), xest::input_error);

    auto nan = dir.write("nan.csv", header + "1,nan,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(nan, {.label_column = "label"})),
                         doctest::Contains("nan.csv:2: column 2 ('b'): 'nan' is not a finite number"), xest::input_error);

    auto frac = dir.write("frac.csv", header + "1,2,0.5\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2, 1, int>(frac, {.label_column = "label"})),
                         doctest::Contains("frac.csv:2: column 3 ('label'): '0.5' is not an integer class id"),
                         xest::input_error);

    auto only_header = dir.write("only_header.csv", header);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(only_header, {.label_column = "label"})),
                         doctest::Contains("has a header but no rows"), xest::input_error);

    auto blank = dir.write("blank.csv", "\n\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(blank, {.label_column = "label"})), doctest::Contains("is empty"),
                         xest::input_error);

    // Signs, exponents and surrounding spaces are fine.
    auto fine = dir.write("fine.csv", header + " +1.5 , -2e-1 ,1\n");
    auto ok = xi::from_csv<1, 2>(fine, {.label_column = "label"});
    decltype(ok)::batch_type b;
    REQUIRE(ok.next(b));
    CHECK(b.features(0, 0) == 1.5f);
    CHECK(b.features(0, 1) == -0.2f);
}

TEST_CASE("from_csv: missing file and missing columns")
{
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 4>(fs::path("/nonexistent/dir/data.csv"), {.label_column = "y"})),
                         doctest::Contains("cannot open CSV file '/nonexistent/dir/data.csv'"), xest::io_error);
    std::string const missing_label = "label column 'specie' does not exist in '" + iris.string() +
                                      "'; its columns are: sepal_length, sepal_width, petal_length, petal_width, species";
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 4>(iris, {.label_column = "specie"})),
                         doctest::Contains(missing_label.c_str()), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 1>(iris, {.feature_columns = {"petal"}, .label_column = "species"})),
                         doctest::Contains("feature column 'petal' does not exist"), xest::input_error);
    CHECK_THROWS_WITH_AS(
        (xi::from_csv<2, 3>(iris, {.label_column = "species"})),
        doctest::Contains("has 4 feature columns (sepal_length, sepal_width, petal_length, petal_width), but the "
                          "input was declared with NumFeatures = 3"),
        xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 4>(iris, {})), doctest::Contains("names no label column"),
                         xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 4, 1, void>(iris, {.label_column = "species"})),
                         doctest::Contains("declared with Label = void"), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 4, 2>(iris, {.label_column = "species"})),
                         doctest::Contains("1 label columns given, but the input was declared with LabelWidth = 2"),
                         xest::input_error);
    temp_dir dir;
    auto file = dir.write("noheader.csv", "1,2,3\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(file, {.label_column = "3", .header = false})),
                         doctest::Contains("by index, 0 to 2"), xest::input_error);
}

TEST_CASE("from_csv: class ids out of range, values beyond float and header anomalies name file, line and column")
{
    temp_dir dir;
    auto const header = std::string("a,b,label\n");
    auto seven = dir.write("seven.csv", header + "1,2,0\n3,4,7\n");
    CHECK_THROWS_WITH_AS(
        (xi::from_csv<2, 2, 1, int>(seven, {.label_column = "label", .input = {.num_classes = 3}})),
        doctest::Contains("seven.csv:3: column 3 ('label'): class id '7' is out of range for num_classes = 3"),
        xest::input_error);
    auto negative = dir.write("negative.csv", header + "1,2,-1\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2, 1, int>(negative, {.label_column = "label"})),
                         doctest::Contains("negative.csv:2: column 3 ('label'): class id '-1' is negative"),
                         xest::input_error);

    auto huge = dir.write("huge.csv", header + "1,1e39,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(huge, {.label_column = "label"})),
                         doctest::Contains("huge.csv:2: column 2 ('b'): '1e39' is beyond the range of float"),
                         xest::input_error);
    auto huge_label = dir.write("huge_label.csv", header + "1,2,-4e38\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(huge_label, {.label_column = "label"})),
                         doctest::Contains("huge_label.csv:2: column 3 ('label'): '-4e38' is beyond the range of float"),
                         xest::input_error);

    // A byte-order mark is not part of the first name.
    auto bom = dir.write("bom.csv", "\xEF\xBB\xBF" + header + "1,2,1\n");
    auto in = xi::from_csv<1, 2>(bom, {.feature_columns = {"a", "b"}, .label_column = "label"});
    decltype(in)::batch_type b;
    REQUIRE(in.next(b));
    CHECK(b.features(0, 0) == 1.0f);

    auto dup = dir.write("dup.csv", "a,b,a,label\n1,2,3,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 3>(dup, {.label_column = "label"})),
                         doctest::Contains("dup.csv:1: column 3 repeats the name 'a' of column 1"), xest::input_error);
    auto both = dir.write("both.csv", header + "1,2,0\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(both, {.feature_columns = {"a", "label"}, .label_column = "label"})),
                         doctest::Contains("column 'label' is both a feature and the label"), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(both, {.feature_columns = {"a", "a"}, .label_column = "label"})),
                         doctest::Contains("feature column 'a' is listed twice"), xest::input_error);
    CHECK_THROWS_WITH_AS((xi::from_csv<2, 2>(dir.path, {.label_column = "label"})),
                         doctest::Contains("it is a directory, not a file"), xest::io_error);
}

TEST_CASE("from_csv: every input of the fuzzer's corpus gives an input or an input_error")
{
    // tests/fuzz/corpus/csv: the first byte picks the layout, as in tests/fuzz/fuzz_csv.cpp.
    fs::path const dir = fs::path(XEST_TEST_DATA_DIR) / ".." / "fuzz" / "corpus" / "csv";
    int files = 0;
    for (auto const& e : fs::directory_iterator(dir))
    {
        ++files;
        std::ifstream in(e.path(), std::ios::binary);
        std::string const bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (bytes.empty())
        {
            continue;
        }
        INFO(e.path().string());
        xi::csv_options opts;
        opts.header = (bytes[0] & 1) != 0;
        opts.label_column = opts.header ? "label" : "2";
        opts.input.num_classes = (bytes[0] & 4) != 0 ? 3 : 0;
        try
        {
            auto d = xi::detail::parse_csv<2, 1, int>(std::string_view(bytes).substr(1), e.path(), opts);
            CHECK(d.features.shape()[0] == d.labels.shape()[0]);
        }
        catch (xest::input_error const&)
        {
        }
    }
    CHECK(files >= 5);
}

TEST_CASE("from_csv: vocabularies read columns of words as ids, in features and labels, and refuse a word outside the list")
{
    temp_dir dir;
    auto const file = dir.write("people.csv", "class,age,sex,survived\n1st,30,female,yes\nCrew,41.5,male,no\n\"3rd\",8,female,no\n");
    xi::csv_options const opts{.label_column = "survived",
                               .vocabularies = {{"class", {"1st", "2nd", "3rd", "Crew"}},
                                                {"sex", {"male", "female"}},
                                                {"survived", {"no", "yes"}}},
                               .input = {.num_classes = 2}};
    auto in = xi::from_csv<3, 3, 1, int>(file, opts);
    decltype(in)::batch_type b;
    REQUIRE(in.next(b));
    float const expected[3][3] = {{0, 30, 1}, {3, 41.5f, 0}, {2, 8, 1}};
    int const labels[3] = {1, 0, 0};
    for (std::size_t r = 0; r < 3; ++r)
    {
        for (std::size_t c = 0; c < 3; ++c)
        {
            CHECK(b.features(r, c) == expected[r][c]);
        }
        CHECK(b.labels(r) == labels[r]);
    }

    // A float label column through a vocabulary: the ids as numbers.
    auto as_float = xi::from_csv<3, 2, 1, float>(file, {.feature_columns = {"age", "sex"}, .label_column = "class", .vocabularies = opts.vocabularies});
    decltype(as_float)::batch_type f;
    REQUIRE(as_float.next(f));
    CHECK(f.labels.data()[1] == 3.0f);  // Crew

    auto unknown = dir.write("unknown.csv", "class,age,sex,survived\n1st,30,female,yes\n4th,30,male,no\n");
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(unknown, opts)),
                         doctest::Contains("unknown.csv:3: column 1 ('class'): '4th' is not in the column's vocabulary (1st, 2nd, 3rd, Crew)"),
                         xest::input_error);
    // Without a vocabulary, a word is not a number.
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, {.label_column = "survived"})),
                         doctest::Contains("people.csv:2: column 1 ('class'): '1st' is not a number"), xest::input_error);
    // A vocabulary larger than num_classes gives class ids out of range: named as before.
    xi::csv_options three = opts;
    three.vocabularies[2].words = {"no", "maybe", "yes"};
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, three)), doctest::Contains("people.csv:2: column 4 ('survived'): class id"),
                         xest::input_error);

    xi::csv_options bad = opts;
    bad.vocabularies.push_back({"sex", {"f", "m"}});
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, bad)), doctest::Contains("the vocabulary of column 'sex' is given twice"),
                         xest::input_error);
    bad = opts;
    bad.vocabularies[1].words = {"male", "female", "male"};
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, bad)), doctest::Contains("lists 'male' twice"), xest::input_error);
    bad = opts;
    bad.vocabularies[1].words = {};
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, bad)), doctest::Contains("the vocabulary of column 'sex' has no words"),
                         xest::input_error);
    bad = opts;
    bad.vocabularies[1].column = "gender";
    CHECK_THROWS_WITH_AS((xi::from_csv<3, 3, 1, int>(file, bad)),
                         doctest::Contains("vocabulary column 'gender' does not exist in"), xest::input_error);
}
