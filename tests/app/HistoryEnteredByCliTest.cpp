// `history --json` names who entered each event beside the user on whose word it was recorded.
#include "tests/common/SampleFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using testutil::runCli;

TEST(HistoryEnteredByCli, HistoryJsonSaysWhoEnteredEachEvent)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  const auto toilets = runCli({"features", project, "--layer", "toilets", "--json"});
  ASSERT_EQ(toilets.exitCode, 0) << toilets.err;
  const QJsonArray list =
      QJsonDocument::fromJson(QByteArray::fromStdString(toilets.out)).object()["features"].toArray();
  ASSERT_FALSE(list.isEmpty()) << toilets.out;
  const std::string id = std::to_string(list[0].toObject()["id"].toInt());
  const auto mark = runCli({"mark", project, "--user", "engineer1", "--feature", id, "--status", "accepted",
                            "--date", "2020-12-05"});
  ASSERT_EQ(mark.exitCode, 0) << mark.err;

  const auto h = runCli({"history", project, "--feature", id, "--json"});
  ASSERT_EQ(h.exitCode, 0) << h.err;
  const QJsonArray events = QJsonDocument::fromJson(QByteArray::fromStdString(h.out))["events"].toArray();
  ASSERT_FALSE(events.isEmpty()) << h.out;
  const QJsonObject last = events.last().toObject();
  EXPECT_EQ(last["user"].toString(), "engineer1");
  EXPECT_EQ(last["entered_by"].toString(), "engineer1") << h.out;
  for (const char *key : {"uuid", "kind", "status", "date", "user", "note", "from_m", "to_m", "retracts",
                          "recorded_at", "attachments"})
    EXPECT_TRUE(last.contains(key)) << key;
}
