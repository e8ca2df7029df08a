// The store's entry rules on both backends: text is UTF-8, progress and measurements are dated
// within the plan and not after today, measured values fit their unit, user names are short and
// printable. Each refusal is one line naming the field and the record, and changes nothing.
#include "data/store/EventRules.h"
#include "data/store/JsonText.h"
#include "data/store/Text.h"
#include "tests/data/store/StoreContract.h"

#include <cmath>

using namespace data;
using namespace testdata;

namespace {

const std::string kBad = "bad\xff\xfe";

class StoreRules : public StoreContract
{
protected:
  void SetUp() override
  {
    StoreContract::SetUp();
    if (IsSkipped()) return;
    PlanRecord plan{"p", "计划", "Plan", "", "2020-05-15", "2020-12-31", "{}"};
    TargetRecord pass{"pass_rate", "g", "合格率", "Pass rate", "indicator", 95, ">=", "%", "", "{}"};
    TargetRecord accidents{"accidents", "g", "事故", "Accidents", "indicator", 0, "<=", "起", "", "{}"};
    store->setPlan("planner1", plan, {pass, accidents});
    riverId = store->addFeature("planner1", river("HD-1", 500));
  }

  Measurement measurement(const std::string &target, double value, const std::string &date = "2020-11-30")
  {
    Measurement m;
    m.targetId = target;
    m.value = value;
    m.date = date;
    return m;
  }

  std::int64_t riverId = 0;
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StoreRules, ::testing::Values(Kind::SpatiaLite, Kind::Postgis),
                         backendName);

TEST_P(StoreRules, TextThatIsNotUtf8NeverEnters)
{
  Event e = statusEvent(riverId, Status::InProgress, "2020-06-01");
  e.note = kBad;
  expectRefused([&] { store->appendEvent("engineer1", e); }, StoreError::Kind::Invalid,
                "feature " + std::to_string(riverId) +
                    " (HD-1): note is not valid UTF-8 text (byte 0xFF at 4)");
  Feature f = river("HD-2", 300, 100);
  f.name = kBad;
  expectRefused([&] { store->addFeature("planner1", f); }, StoreError::Kind::Invalid,
                "feature HD-2: name is not valid UTF-8");
  f = river("HD-2", 300, 100);
  f.attributes["village"] = kBad;
  expectRefused([&] { store->addFeature("planner1", f); }, StoreError::Kind::Invalid,
                "attribute village is not valid UTF-8");
  Feature edit = *store->feature(riverId);
  edit.code = kBad;
  expectRefused([&] { store->updateFeature("planner1", edit); }, StoreError::Kind::Invalid,
                "code is not valid UTF-8");
  expectRefused(
      [&] {
        store->addUser("planner1", {"eng" + kBad, Role::Engineer, ""});
      },
      StoreError::Kind::Invalid, "is not valid UTF-8");
  expectRefused(
      [&] {
        store->addUser("planner1", {"eng2", Role::Engineer, kBad});
      },
      StoreError::Kind::Invalid, "display name is not valid UTF-8");
  Measurement m = measurement("pass_rate", 96);
  m.note = kBad;
  expectRefused([&] { store->addMeasurement("planner1", m); }, StoreError::Kind::Invalid,
                "measurement for pass_rate: note is not valid UTF-8");
  expectRefused([&] { store->setMeta("planner1", "title", kBad); }, StoreError::Kind::Invalid,
                "value is not valid UTF-8");
  LayerDef layer = roadsLayer();
  layer.id = "paths";
  layer.nameZh = kBad;
  expectRefused([&] { store->addLayer("planner1", layer); }, StoreError::Kind::Invalid,
                "layer 'paths': the name is not valid UTF-8");
  const Event stored =
      store->appendEvent("engineer1", statusEvent(riverId, Status::InProgress, "2020-06-01"));
  Attachment a;
  a.eventUuid = stored.uuid;
  a.fileName = kBad + ".jpg";
  a.data = "jpeg";
  const std::string before = snapshot(*store);
  EXPECT_THROW(store->addAttachment("engineer1", a), StoreError);
  EXPECT_TRUE(store->attachments(stored.uuid).empty());
  EXPECT_EQ(snapshot(*store), before);
}

TEST_P(StoreRules, TheVillageLayerIsThePlansDeclaredOne)
{
  EXPECT_EQ(villageLayerOf(*store), ""); // no layer "villages", no declared one
  LayerDef villages = forestLayer();
  villages.id = "villages";
  store->addLayer("planner1", villages);
  EXPECT_EQ(villageLayerOf(*store), "villages");
  LayerDef hamlets = forestLayer();
  hamlets.id = "hamlets";
  store->addLayer("planner1", hamlets);
  store->setPlan("planner1",
                 {"p", "计划", "Plan", "", "2020-05-15", "2020-12-31", R"({"village_layer": "hamlets"})"},
                 store->targets());
  EXPECT_EQ(villageLayerOf(*store), "hamlets");
}

TEST_P(StoreRules, ProgressIsDatedFromThePlanStartToToday)
{
  for (const char *date : {"1900-01-01", "2020-05-14"})
    expectRefused([&] { store->appendEvent("engineer1", statusEvent(riverId, Status::InProgress, date)); },
                  StoreError::Kind::Invalid,
                  std::string("date ") + date + " is before the plan started (2020-05-15)");
  expectRefused(
      [&] { store->appendEvent("engineer1", statusEvent(riverId, Status::InProgress, "2099-01-01")); },
      StoreError::Kind::Invalid, "date 2099-01-01 is in the future");
  EXPECT_NO_THROW(store->appendEvent("engineer1", statusEvent(riverId, Status::InProgress, "2020-05-15")));
  EXPECT_NO_THROW(store->appendEvent("engineer1", statusEvent(riverId, Status::Completed, todayIso())));
  expectRefused([&] { store->addMeasurement("planner1", measurement("pass_rate", 96, "2099-01-01")); },
                StoreError::Kind::Invalid, "measurement for pass_rate: date 2099-01-01 is in the future");
}

TEST_P(StoreRules, MeasuredValuesFitTheirUnit)
{
  expectRefused([&] { store->addMeasurement("planner1", measurement("pass_rate", -5)); },
                StoreError::Kind::Invalid, "measurement for pass_rate: value -5 % is outside 0–100 %");
  expectRefused([&] { store->addMeasurement("planner1", measurement("pass_rate", 1e308)); },
                StoreError::Kind::Invalid, "value 1e+308 % is outside 0–100 %");
  expectRefused([&] { store->addMeasurement("planner1", measurement("accidents", -1)); },
                StoreError::Kind::Invalid, "value -1 起 is below 0");
  expectRefused([&] { store->addMeasurement("planner1", measurement("accidents", HUGE_VAL)); },
                StoreError::Kind::Invalid, "value is not a number");
  EXPECT_NO_THROW(store->addMeasurement("planner1", measurement("pass_rate", 100)));
  EXPECT_NO_THROW(store->addMeasurement("planner1", measurement("accidents", 0)));
  EXPECT_EQ(store->measurements().size(), 2u);
}

TEST_P(StoreRules, UserNamesAreShortAndPrintable)
{
  expectRefused(
      [&] {
        store->addUser("planner1", {std::string(65, 'a'), Role::Engineer, ""});
      },
      StoreError::Kind::Invalid, "is too long: 65 characters in 65 bytes");
  expectRefused(
      [&] {
        store->addUser("planner1", {std::string(64, 'a'), Role::Engineer, ""});
      },
      StoreError::Kind::Invalid, "at most 63 bytes");
  expectRefused(
      [&] {
        store->addUser("planner1", {"", Role::Engineer, ""});
      },
      StoreError::Kind::Invalid, "must be non-empty");
  for (const std::string &name :
       {std::string("a\tb"), std::string("a\nb"), std::string("bell\x07"), std::string("c1\xc2\x85")})
    expectRefused(
        [&] {
          store->addUser("planner1", {name, Role::Engineer, ""});
        },
        StoreError::Kind::Invalid, "holds a control character");
  // The longest names that fit a server login: 63 bytes, whatever the characters.
  std::string wide;
  for (int i = 0; i < 21; ++i)
    wide += "工";
  for (const std::string &name : {std::string(63, 'a'), wide}) {
    EXPECT_NO_THROW(store->addUser("planner1", {name, Role::Engineer, ""})) << name;
    EXPECT_TRUE(store->user(name)) << name;
  }
  expectRefused(
      [&] {
        store->addUser("planner1", {wide + "工", Role::Engineer, ""});
      },
      StoreError::Kind::Invalid, "22 characters in 66 bytes");
}

TEST(TextRules, JsonOfStoredBadBytesStaysJson)
{
  const std::string quoted = jsonQuote("a\xff"
                                       "b\xe5\xb7\xa5\xe5\"");
  EXPECT_EQ(quoted, "\"a\\ufffdb工\\ufffd\\\"\"");
  EXPECT_EQ(parseJson(quoted).get<std::string>(), "a\xef\xbf\xbd"
                                                  "b工\xef\xbf\xbd\"");
  EXPECT_EQ(validUtf8("x\xc0\xafy"), "x\xef\xbf\xbd\xef\xbf\xbdy"); // an overlong '/'
  EXPECT_EQ(oneLine("a\nb\xff"), "a?b\xef\xbf\xbd");
}

TEST(TextRules, TimestampsAndDates)
{
  for (const char *good : {"2020-06-01T10:00:00Z", "2020-06-01T10:00:00.123Z", "2020-06-01 10:00:00.5+00",
                           "2020-06-01T23:59:60+08:00", "2020-06-01T10:00:00"})
    EXPECT_TRUE(isIsoTimestamp(good)) << good;
  for (const char *bad : {"not-a-time", "2020-02-30T10:00:00Z", "2020-06-01T24:00:00Z", "2020-06-01T10:00Z",
                          "2020-06-01T10:00:00.Z", "2020-06-01T10:00:00+8", "2020-06-01T10:00:00Zjunk", ""})
    EXPECT_FALSE(isIsoTimestamp(bad)) << bad;
  EXPECT_EQ(dateProblem("2020-02-30", ""), "bad date '2020-02-30' (expected YYYY-MM-DD)");
  EXPECT_EQ(dateProblem("2020-05-15", "2020-05-15"), "");
  EXPECT_EQ(dateProblem(todayIso(), "2020-05-15"), "");
}
