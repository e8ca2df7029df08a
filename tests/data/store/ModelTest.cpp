#include "data/store/Model.h"
#include "data/store/StoreError.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace data;

TEST(Model, NamesRoundTrip)
{
  for (Role r : {Role::Planner, Role::Engineer, Role::Leader})
    EXPECT_EQ(roleFromName(roleName(r)), r);
  for (Status s : {Status::Planned, Status::InProgress, Status::Completed, Status::Accepted})
    EXPECT_EQ(statusFromName(statusName(s)), s);
  for (EventKind k : {EventKind::Status, EventKind::Stretch, EventKind::Correction, EventKind::Retraction})
    EXPECT_EQ(eventKindFromName(eventKindName(k)), k);
  EXPECT_STREQ(statusName(Status::InProgress), "in_progress");
  EXPECT_FALSE(roleFromName("admin"));
  EXPECT_FALSE(statusFromName("Completed"));
  EXPECT_FALSE(eventKindFromName(""));
}

TEST(Model, ValueHelpers)
{
  EXPECT_EQ(valueToString(Value{}), "");
  EXPECT_EQ(valueToString(Value{std::int64_t(-42)}), "-42");
  EXPECT_EQ(valueToString(Value{0.1}), "0.1");
  EXPECT_EQ(valueToString(Value{std::string("建东村")}), "建东村");
  EXPECT_EQ(valueToDouble(Value{std::int64_t(7)}), 7.0);
  EXPECT_EQ(valueToDouble(Value{2.5}), 2.5);
  EXPECT_EQ(valueToDouble(Value{std::string(" 12.5 ")}), 12.5);
  EXPECT_FALSE(valueToDouble(Value{std::string("12 m")}));
  EXPECT_FALSE(valueToDouble(Value{std::string("")}));
  EXPECT_FALSE(valueToDouble(Value{}));
}

TEST(Model, AttributesJsonRoundTrip)
{
  Attributes a{{"name", std::string("浦江 \"河\"\\ line\nnext\ttab\x01")},
               {"count", std::int64_t(-9007199254740993)},
               {"width", 0.1},
               {"whole", 3.0},
               {"tiny", 1e-300},
               {"none", std::monostate{}},
               {"emoji key 🌊", std::string("😀")}};
  const std::string json = attributesToJson(a);
  EXPECT_NE(json.find("\\u0001"), std::string::npos) << json;
  EXPECT_NE(json.find("\\n"), std::string::npos) << json;
  const Attributes back = attributesFromJson(json);
  EXPECT_EQ(back, a);
  // A whole double stays a double, an integer stays an integer.
  EXPECT_TRUE(std::holds_alternative<double>(back.at("whole")));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(back.at("count")));
  EXPECT_EQ(attributesToJson({}), "{}");
  EXPECT_TRUE(attributesFromJson(" { } ").empty());
}

TEST(Model, AttributesJsonReadsEscapesAndNumbers)
{
  const Attributes a = attributesFromJson(
      R"({"u":"\u6d66\u6c5f","pair":"\ud83c\udf0a","slash":"a\/b","e":1.5e3,"neg":-2,"t":true,"f":false})");
  EXPECT_EQ(std::get<std::string>(a.at("u")), "浦江");
  EXPECT_EQ(std::get<std::string>(a.at("pair")), "🌊");
  EXPECT_EQ(std::get<std::string>(a.at("slash")), "a/b");
  EXPECT_EQ(std::get<double>(a.at("e")), 1500.0);
  EXPECT_EQ(std::get<std::int64_t>(a.at("neg")), -2);
  EXPECT_EQ(std::get<std::int64_t>(a.at("t")), 1);
  EXPECT_EQ(std::get<std::int64_t>(a.at("f")), 0);
}

TEST(Model, NonFiniteNumbersBecomeNull)
{
  const Attributes a{{"x", std::nan("")}, {"y", HUGE_VAL}};
  EXPECT_EQ(attributesToJson(a), R"({"x":null,"y":null})");
}

TEST(Model, BadJsonIsRefusedWithOffset)
{
  for (const char *bad : {"", "[]", "{", R"({"a":})", R"({"a":1,})", R"({"a":[1]})", R"({"a":{"b":1}})",
                          R"({"a":"unterminated})", R"({"a":"\x"})", R"({"a":1} x)", R"({a:1})", R"({"a":-})",
                          R"({"a":"\ud83c"})"}) {
    try {
      attributesFromJson(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const StoreError &e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::Invalid) << bad;
      EXPECT_FALSE(std::string(e.what()).empty());
    }
  }
  try {
    attributesFromJson(R"({"a": 1, "b": tru})");
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_NE(std::string(e.what()).find("offset 14"), std::string::npos) << e.what();
  }
}
