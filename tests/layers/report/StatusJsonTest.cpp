// The JSON builders behind `--json` and the server: numbers as the command line always wrote them.
#include "layers/report/StatusJson.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using layers::dumpJson;
using layers::Json;
using layers::jsonNumber;

TEST(StatusJson, NumbersAreRoundedAndWholeNumbersHaveNoFraction)
{
  EXPECT_EQ(dumpJson(jsonNumber(4.0)), "4");
  EXPECT_EQ(dumpJson(jsonNumber(87.1)), "87.1");
  EXPECT_EQ(dumpJson(jsonNumber(0.1 + 0.2)), "0.3");
  EXPECT_EQ(dumpJson(jsonNumber(99.256, 2)), "99.26");
  EXPECT_EQ(dumpJson(jsonNumber(183.3094, 3)), "183.309");
  EXPECT_EQ(dumpJson(jsonNumber(-0.0001, 2)), "0");
  EXPECT_EQ(dumpJson(jsonNumber(std::nan(""))), "null");
  EXPECT_EQ(dumpJson(jsonNumber(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(dumpJson(jsonNumber(1e308)), "1e+308");
}

TEST(StatusJson, KeysKeepTheirOrderAndBadBytesBecomeReplacementCharacters)
{
  Json o = {{"z", 1}, {"a", "x\xff"}, {"m", nullptr}};
  EXPECT_EQ(dumpJson(o), "{\"z\":1,\"a\":\"x\xEF\xBF\xBD\",\"m\":null}");
}
