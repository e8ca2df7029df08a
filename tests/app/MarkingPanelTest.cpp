// The marking widgets on a real sample project, offscreen: marking panel, history, track review,
// user choice and attribute forms.
#include "app/gui/MarkingPanel.h"
#include "app/gui/FeatureForm.h"
#include "app/gui/HistoryView.h"
#include "app/gui/TrackReviewDialog.h"
#include "app/gui/UserDialog.h"

#include "gis/Geodesic.h"
#include "gis/LinearRef.h"
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

namespace {

class MarkingPanelTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    for (const auto &f : store->features("rivers"))
      if (f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= 800 &&
          store->events(f.id).empty()) {
        river = f;
        break;
      }
    for (const auto &f : store->features("toilets"))
      if (f.status == data::Status::Planned && store->events(f.id).empty()) {
        toilet = f;
        break;
      }
    ASSERT_GT(river.id, 0);
    ASSERT_GT(toilet.id, 0);
  }

  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
  std::unique_ptr<data::Store> store = data::openProject(project);
  QUndoStack stack;
  data::Feature river;
  data::Feature toilet;
};

} // namespace

TEST_F(MarkingPanelTest, StretchByChainageShowsItsLengthLiveAndMarksIt)
{
  layers::EditContext ctx(*store, "engineer1");
  app::MarkingPanel panel(ctx, stack);
  struct Preview
  {
    qint64 id;
    double from, to;
  };
  std::vector<Preview> preview;
  QObject::connect(&panel, &app::MarkingPanel::stretchPreviewChanged, [&](qint64 id, double from, double to) {
    preview.push_back({id, from, to});
  });
  panel.setFeature(river.id);
  panel.setStretchStart(120);
  panel.setStretchEnd(470.5);
  EXPECT_EQ(panel.stretchLengthText(), "350.5 m");
  ASSERT_GE(preview.size(), 2u);
  EXPECT_EQ(preview.back().id, river.id);
  EXPECT_DOUBLE_EQ(preview.back().from, 120);
  EXPECT_DOUBLE_EQ(preview.back().to, 470.5);
  // Ends given the other way round are the same stretch.
  panel.setStretchStart(600);
  panel.setStretchEnd(250);
  EXPECT_EQ(panel.stretchLengthText(), "350.0 m");

  panel.setDate(QDate(2020, 7, 1));
  panel.markStretch();
  ASSERT_EQ(stack.count(), 1) << ctx.lastError();
  EXPECT_NEAR(store->feature(river.id)->doneM, 350, 0.01);
  const auto events = store->events(river.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].date, "2020-07-01");
  EXPECT_EQ(events[0].user, "engineer1");
  stack.undo();
  EXPECT_EQ(store->feature(river.id)->doneM, 0);
}

TEST_F(MarkingPanelTest, StatusButtonsOnlyMoveForwardAndFollowTheRole)
{
  layers::EditContext ctx(*store, "engineer1");
  app::MarkingPanel panel(ctx, stack);
  panel.setFeature(toilet.id);
  EXPECT_TRUE(panel.canMark(data::Status::InProgress));
  panel.setDate(QDate(2020, 6, 5));
  panel.markStatus(data::Status::Completed);
  ASSERT_EQ(stack.count(), 1) << ctx.lastError();
  EXPECT_EQ(store->feature(toilet.id)->status, data::Status::Completed);
  EXPECT_FALSE(panel.canMark(data::Status::InProgress));
  EXPECT_TRUE(panel.canMark(data::Status::Accepted));

  // A correction needs a note; with one it sets the status back and history keeps both.
  panel.correct(data::Status::InProgress);
  EXPECT_EQ(stack.count(), 1);
  panel.setNote("marked the wrong toilet");
  panel.correct(data::Status::InProgress);
  ASSERT_EQ(stack.count(), 2) << ctx.lastError();
  EXPECT_EQ(store->feature(toilet.id)->status, data::Status::InProgress);
  EXPECT_EQ(store->events(toilet.id).size(), 2u);

  layers::EditContext leaderCtx(*store, "leader1");
  app::MarkingPanel readOnly(leaderCtx, stack);
  readOnly.setFeature(toilet.id);
  EXPECT_FALSE(readOnly.mayMark());
  EXPECT_FALSE(readOnly.canMark(data::Status::Accepted));
}

TEST_F(MarkingPanelTest, PhotosAreAttachedToTheMarkWithWarnings)
{
  layers::EditContext ctx(*store, "engineer1");
  app::MarkingPanel panel(ctx, stack);
  panel.setFeature(toilet.id);
  panel.setDate(QDate(2020, 6, 5));
  const gis::Point site = toilet.geometry.asPoint();
  const std::string far =
      testutil::writeTestPhoto(dir, "far.jpg", gis::geodesicDirect(site, 0, 300), "2020:06:05 11:00:00");
  ASSERT_FALSE(far.empty());
  EXPECT_FALSE(panel.addPhoto(QString::fromStdString(dir.file("missing.jpg"))));
  ASSERT_TRUE(panel.addPhoto(QString::fromStdString(far)));
  EXPECT_EQ(panel.photoCount(), 1);
  ASSERT_EQ(panel.warnings().size(), 1);
  EXPECT_TRUE(panel.warnings()[0].contains("300 m")) << panel.warnings()[0].toStdString();
  panel.markStatus(data::Status::InProgress);
  ASSERT_EQ(stack.count(), 1) << ctx.lastError();
  EXPECT_EQ(panel.photoCount(), 0);
  const auto events = store->events(toilet.id);
  ASSERT_EQ(events.size(), 1u);
  const auto photos = store->attachments(events[0].uuid);
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0].fileName, "far.jpg");

  app::HistoryView history(*store);
  history.setFeature(toilet.id);
  ASSERT_EQ(history.tree()->topLevelItemCount(), 1);
  const auto *row = history.tree()->topLevelItem(0);
  EXPECT_EQ(row->text(0), "2020-06-05");
  EXPECT_EQ(row->text(3), "engineer1");
  EXPECT_TRUE(row->text(2).contains("planned → in_progress")) << row->text(2).toStdString();
  ASSERT_EQ(row->childCount(), 1);
  EXPECT_FALSE(row->child(0)->icon(1).isNull());

  stack.undo();
  history.reload();
  ASSERT_EQ(history.tree()->topLevelItemCount(), 2);
  EXPECT_TRUE(history.tree()->topLevelItem(0)->font(1).strikeOut());
}

TEST_F(MarkingPanelTest, TrackReviewAcceptsSomeWithAdjustedEndsAsOneUndoStep)
{
  layers::ProposedStretch a{river.id, river.code, river.name, 100, 300, river.lengthM};
  layers::ProposedStretch b{river.id, river.code, river.name, 500, 700, river.lengthM};
  app::TrackReviewDialog dialog({a, b});
  int highlights = 0;
  QObject::connect(&dialog, &app::TrackReviewDialog::proposalHighlighted, [&] { ++highlights; });
  ASSERT_EQ(dialog.rowCount(), 2);
  dialog.setEnds(0, 90, 320);
  EXPECT_GE(highlights, 1);
  dialog.setChecked(1, false);
  const auto accepted = dialog.accepted();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_DOUBLE_EQ(accepted[0].fromM, 90);
  EXPECT_DOUBLE_EQ(accepted[0].toM, 320);

  layers::EditContext ctx(*store, "engineer1");
  dialog.setDate(QDate(2020, 8, 1));
  dialog.setChecked(1, true);
  stack.push(dialog.command(ctx));
  ASSERT_EQ(stack.count(), 1) << ctx.lastError();
  EXPECT_NEAR(store->feature(river.id)->doneM, 230 + 200, 0.01);
  stack.undo();
  EXPECT_EQ(store->feature(river.id)->doneM, 0);

  dialog.setChecked(0, false);
  dialog.setChecked(1, false);
  EXPECT_EQ(dialog.command(ctx), nullptr);
}

TEST_F(MarkingPanelTest, UserChoiceIsRememberedPerProject)
{
  QSettings settings(QString::fromStdString(dir.file("planmap.ini")), QSettings::IniFormat);
  {
    app::UserDialog dialog(*store, QString::fromStdString(project), settings);
    ASSERT_TRUE(dialog.selectedUser().has_value());
    dialog.selectUser("engineer1");
    dialog.accept();
  }
  EXPECT_EQ(app::UserDialog::rememberedUser(settings, QString::fromStdString(project)), "engineer1");
  EXPECT_TRUE(
      app::UserDialog::rememberedUser(settings, QString::fromStdString(dir.file("other.planmap"))).isEmpty());
  app::UserDialog again(*store, QString::fromStdString(project), settings);
  ASSERT_TRUE(again.selectedUser().has_value());
  EXPECT_EQ(again.selectedUser()->name, "engineer1");
  EXPECT_EQ(app::UserDialog::describe(*again.selectedUser()).left(20), "engineer1 (engineer)");
}

TEST(FeatureFormTest, FieldsFollowTheSchema)
{
  data::LayerDef layer;
  layer.id = "rivers";
  layer.geometryType = "LineString";
  layer.fields = {
      {"water_class", "text", true, {"II", "III", "IV", "V", "劣V"}, "水质类别", "Water class"},
      {"width_m", "real", false, {}, "河宽", "Width"},
      {"segments", "integer", false, {}, "段数", "Segments"},
      {"keeper", "text", false, {}, "河长", "River chief"},
  };
  app::FeatureForm form(layer);
  auto *classes = qobject_cast<QComboBox *>(form.editor("water_class"));
  ASSERT_NE(classes, nullptr);
  EXPECT_EQ(classes->count(), 5); // required: no empty choice
  auto *width = qobject_cast<QLineEdit *>(form.editor("width_m"));
  auto *segments = qobject_cast<QLineEdit *>(form.editor("segments"));
  ASSERT_NE(width, nullptr);
  ASSERT_NE(segments, nullptr);

  data::Feature f;
  f.name = "张家浜";
  f.attributes = {{"water_class", std::string("劣V")}, {"width_m", 12.5}, {"extra", std::string("kept")}};
  form.setFeature(f);
  EXPECT_EQ(classes->currentText(), "劣V");
  EXPECT_EQ(width->text(), "12.5");
  EXPECT_TRUE(form.isValid());

  segments->setText("3.5");
  width->setText("wide");
  const QStringList problems = form.problems();
  ASSERT_EQ(problems.size(), 2);
  EXPECT_TRUE(problems.join(' ').contains("segments")) << problems.join(' ').toStdString();
  EXPECT_TRUE(problems.join(' ').contains("width_m"));

  segments->setText("4");
  width->setText("");
  ASSERT_TRUE(form.isValid());
  const data::Attributes a = form.attributes();
  EXPECT_EQ(std::get<std::int64_t>(a.at("segments")), 4);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(a.at("width_m")));
  EXPECT_EQ(std::get<std::string>(a.at("water_class")), "劣V");
  EXPECT_EQ(std::get<std::string>(a.at("extra")), "kept");
  EXPECT_EQ(form.name(), "张家浜");
}
