// Every edit and mark as a QUndoCommand on a real sample project: undo then redo restores exactly the
// state before (geometry and derived statuses), nothing recorded is deleted, refusals leave no step.
#include "layers/edit/EditCommands.h"

#include "gis/Geodesic.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "tests/common/SampleFixture.h"

#include <QUndoStack>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace {

// Everything a user sees of the project's features, independent of row ids (a feature re-created
// by undo/redo gets a new one), plus every target's derived value.
std::string stateDump(const data::Store &store)
{
  std::vector<std::string> rows;
  for (const auto &l : store.layers())
    for (const auto &f : store.features(l.id)) {
      char done[32];
      std::snprintf(done, sizeof done, "%.3f", f.doneM);
      rows.push_back(l.id + '|' + f.code + '|' + f.name + '|' + data::statusName(f.status) + '|' + done +
                     '|' + f.geometry.toWkt(12) + '|' + data::attributesToJson(f.attributes));
    }
  std::sort(rows.begin(), rows.end());
  std::ostringstream o;
  for (const auto &r : rows)
    o << r << '\n';
  const auto plan = layers::Plan::fromJson(store.plan()->json, "stored plan");
  for (const auto &t : layers::computeRollup(store, plan).targets)
    o << t.targetId << '=' << t.value << '/' << t.featuresDone << '\n';
  return o.str();
}

// A feature of `layer` with no progress events (and, for lines, one single line of `minLength`).
data::Feature untouched(const data::Store &store, const std::string &layer, double minLength = 0,
                        int skip = 0)
{
  for (const auto &f : store.features(layer))
    if (store.events(f.id).empty() && f.lengthM >= minLength &&
        (minLength == 0 || f.geometry.type() == gis::Geometry::Type::LineString) && skip-- == 0)
      return f;
  ADD_FAILURE() << "no untouched feature in " << layer;
  return {};
}

data::Feature touched(const data::Store &store, const std::string &layer, data::Status below)
{
  for (const auto &f : store.features(layer))
    if (!store.events(f.id).empty() && static_cast<int>(f.status) < static_cast<int>(below)) return f;
  ADD_FAILURE() << "no feature with events below " << data::statusName(below) << " in " << layer;
  return {};
}

class EditCommandsTest : public ::testing::Test
{
protected:
  testutil::TempDir dir;
  std::unique_ptr<data::Store> store = data::openProject(testutil::sampleProjectCopy(dir));
  QUndoStack stack;
};

} // namespace

TEST_F(EditCommandsTest, UndoThenRedoOfEditsAndMarksRestoresTheStateExactly)
{
  layers::EditContext ctx(*store, "planner1");
  int failures = 0;
  QObject::connect(&ctx, &layers::EditContext::commandFailed, [&] { ++failures; });
  const std::string before = stateDump(*store);
  const std::size_t eventsBefore = store->allEvents().size();

  const data::Feature toilet = untouched(*store, "toilets");
  data::Feature added = toilet;
  added.code = "TEST-WC-1";
  added.name = "测试公厕";
  added.geometry = gis::Geometry::point(gis::geodesicDirect(toilet.geometry.asPoint(), 90, 200));
  auto *add = new layers::AddFeatureCommand(ctx, added);
  stack.push(add);
  ASSERT_GT(add->featureId(), 0) << ctx.lastError();
  stack.push(new layers::ChangeGeometryCommand(
      ctx, add->featureId(), gis::Geometry::point(gis::geodesicDirect(added.geometry.asPoint(), 0, 50))));
  stack.push(new layers::ChangeAttributesCommand(ctx, toilet.id, toilet.name + "（改）", toilet.attributes));

  const data::Feature river = untouched(*store, "rivers", 600);
  data::Event stretch;
  stretch.featureId = river.id;
  stretch.kind = data::EventKind::Stretch;
  stretch.fromM = 100;
  stretch.toM = 400;
  stretch.date = "2020-07-01";
  stack.push(new layers::MarkCommand(ctx, stretch));
  const data::Feature toSplit = untouched(*store, "rivers", 600, 1);
  auto *split = new layers::SplitLineCommand(ctx, toSplit.id, 250);
  stack.push(split);

  const data::Feature site = touched(*store, "toilets", data::Status::Completed);
  data::Event done;
  done.featureId = site.id;
  done.kind = data::EventKind::Status;
  done.status = data::Status::Completed;
  done.date = "2020-08-15";
  done.note = "overhaul finished";
  stack.push(new layers::MarkCommand(ctx, done));
  stack.push(new layers::DeleteFeatureCommand(ctx, untouched(*store, "toilets", 0, 1).id));
  ASSERT_EQ(failures, 0) << ctx.lastError();
  ASSERT_EQ(stack.count(), 7);

  // The edits did what they say.
  EXPECT_EQ(store->featureByCode("TEST-WC-1")->geometry.asPoint().y,
            gis::geodesicDirect(added.geometry.asPoint(), 0, 50).y);
  EXPECT_NEAR(store->feature(river.id)->doneM, 300, 0.01);
  EXPECT_EQ(store->feature(river.id)->status, data::Status::InProgress);
  EXPECT_EQ(store->feature(site.id)->status, data::Status::Completed);
  EXPECT_NEAR(store->feature(toSplit.id)->lengthM, 250, 0.01);
  EXPECT_NEAR(store->feature(split->newFeatureId())->lengthM, toSplit.lengthM - 250, 0.01);
  const std::string after = stateDump(*store);
  EXPECT_NE(after, before);

  stack.setIndex(0);
  ASSERT_EQ(failures, 0) << ctx.lastError();
  EXPECT_EQ(stateDump(*store), before);
  // Undoing the two marks appended two retractions; nothing was deleted.
  EXPECT_EQ(store->allEvents().size(), eventsBefore + 4);

  stack.setIndex(stack.count());
  ASSERT_EQ(failures, 0) << ctx.lastError();
  EXPECT_EQ(stateDump(*store), after);

  stack.setIndex(0);
  EXPECT_EQ(stateDump(*store), before);
  EXPECT_EQ(failures, 0) << ctx.lastError();
}

TEST_F(EditCommandsTest, UndoOfAMarkAppendsARetractionOfIt)
{
  layers::EditContext ctx(*store, "engineer1");
  const data::Feature site = untouched(*store, "toilets");
  data::Event e;
  e.featureId = site.id;
  e.status = data::Status::InProgress;
  e.date = "2020-06-10";
  auto *mark = new layers::MarkCommand(ctx, e);
  stack.push(mark);
  ASSERT_EQ(mark->stored().size(), 1u) << ctx.lastError();
  const std::string uuid = mark->stored().front().uuid;
  EXPECT_EQ(store->feature(site.id)->status, data::Status::InProgress);
  stack.undo();
  const auto events = store->events(site.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].uuid, uuid);
  EXPECT_EQ(events[1].kind, data::EventKind::Retraction);
  EXPECT_EQ(events[1].retracts, uuid);
  EXPECT_EQ(events[1].user, "engineer1");
  EXPECT_EQ(store->feature(site.id)->status, data::Status::Planned);
  stack.redo();
  EXPECT_EQ(store->feature(site.id)->status, data::Status::InProgress);
  EXPECT_EQ(store->events(site.id).size(), 3u);
}

TEST_F(EditCommandsTest, ARefusedCommandLeavesNoStepAndSaysWhy)
{
  layers::EditContext ctx(*store, "engineer1");
  int failures = 0;
  QObject::connect(&ctx, &layers::EditContext::commandFailed, [&] { ++failures; });
  const std::string before = stateDump(*store);
  const data::Feature river = untouched(*store, "rivers", 600);
  stack.push(new layers::ChangeGeometryCommand(ctx, river.id,
                                               gis::Geometry::lineString({{121.5, 31.05}, {121.51, 31.05}})));
  stack.push(new layers::SplitLineCommand(ctx, river.id, 100));
  stack.push(new layers::DeleteFeatureCommand(ctx, river.id));
  data::Feature f = river;
  f.code = "X-1";
  stack.push(new layers::AddFeatureCommand(ctx, f));
  EXPECT_EQ(stack.count(), 0);
  EXPECT_EQ(failures, 4);
  EXPECT_NE(ctx.lastError().find("engineer1"), std::string::npos) << ctx.lastError();
  EXPECT_EQ(stateDump(*store), before);

  // A status going backwards is refused for anyone; a stretch outside the line too.
  layers::EditContext planner(*store, "planner1");
  const data::Feature done = touched(*store, "toilets", data::Status::Accepted);
  data::Event back;
  back.featureId = done.id;
  back.status = data::Status::Planned;
  back.date = "2020-09-01";
  if (done.status != data::Status::Planned) {
    stack.push(new layers::MarkCommand(planner, back));
    EXPECT_EQ(stack.count(), 0) << "a backwards status was accepted";
  }
  data::Event outside;
  outside.featureId = river.id;
  outside.kind = data::EventKind::Stretch;
  outside.fromM = 0;
  outside.toM = river.lengthM + 500;
  outside.date = "2020-09-01";
  stack.push(new layers::MarkCommand(planner, outside));
  EXPECT_EQ(stack.count(), 0);
  EXPECT_EQ(stateDump(*store), before);
}

TEST_F(EditCommandsTest, SplitIsRefusedForALineWithProgress)
{
  layers::EditContext ctx(*store, "planner1");
  const data::Feature river = touched(*store, "rivers", data::Status::Accepted);
  stack.push(new layers::SplitLineCommand(ctx, river.id, river.lengthM / 2));
  EXPECT_EQ(stack.count(), 0);
  EXPECT_NE(ctx.lastError().find("progress event"), std::string::npos) << ctx.lastError();
}
