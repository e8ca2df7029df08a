// Field work without friction, through the real window offscreen: the Mark-stretch tool snaps to a
// river's ends and vertices and shows where a click lands; the stretch form starts where work is
// left; undo and redo keep the dock and the photos right; every action says what it recorded; a GPS
// walk of a whole river completes it on the walk's own date; search results open with one click.
#include "app/gui/ActionNotice.h"
#include "app/gui/MarkStretchTool.h"
#include "app/gui/SearchDock.h"
#include "tests/app/FieldGuiFixture.h"

#include <QDateEdit>
#include <QHeaderView>
#include <QListWidget>
#include <QStatusBar>

using fieldtest::FieldGuiTest;
using testutil::waitUntil;

TEST_F(FieldGuiTest, MarkStretchClicksNearTheRiverEndsSnapToThemWithARubberBand)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  ASSERT_TRUE(selectByClick(river));
  field->markStretchAction()->trigger();
  app::MarkingPanel *panel = field->markingPanel();
  ASSERT_NE(panel, nullptr);
  const gis::LinearRef ref(river.geometry.asLineString());
  // Clicks 6 px inside each end along the river, as a user clicks the end one sees.
  const double inside = 6 * metresPerPixel();
  const QPointF nearStart = pixelOf(ref.pointAt(inside)),
                nearEnd = pixelOf(ref.pointAt(ref.length() - inside));

  // Hovering shows the snapped point: the river's end, not the cursor.
  mouse(QEvent::MouseMove, nearStart, Qt::NoButton, Qt::NoButton);
  const app::EditOverlay &drawn = field->markTool()->drawn();
  ASSERT_TRUE(drawn.marker.has_value());
  const gis::Point startMap = field->toMap(ref.pointAt(0));
  EXPECT_NEAR(drawn.marker->x, startMap.x, 1e-6);
  EXPECT_NEAR(drawn.marker->y, startMap.y, 1e-6);
  click(nearStart);
  EXPECT_EQ(panel->stretchFrom(), 0);

  // After the first click a rubber band follows the cursor along the river.
  mouse(QEvent::MouseMove, pixelOf(ref.pointAt(ref.length() / 2)), Qt::NoButton, Qt::NoButton);
  ASSERT_GE(drawn.band.size(), 2u);
  EXPECT_NEAR(drawn.band.front().x, startMap.x, 1e-6);
  EXPECT_NEAR(drawn.band.front().y, startMap.y, 1e-6);

  click(nearEnd);
  EXPECT_EQ(panel->stretchFrom(), 0);
  EXPECT_NEAR(panel->stretchTo(), ref.length(), 0.05); // the form shows 0.1 m
}

namespace {

// A walk along the whole river, end to end, with up to ±5 m of error east and north, timed on
// 2020-06-01 from 08:00 UTC.
void writeWholeWalk(const std::string &path, const gis::LinearRef &river, unsigned seed)
{
  std::srand(seed);
  const double degree = 1.0 / 111000; // about a metre in degrees at the town's latitude
  std::ofstream out(path);
  out << "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"planmap-test\" "
         "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n";
  char buf[160];
  int i = 0;
  for (double c = 0; c <= river.length(); c += 5, ++i) {
    const gis::Point p = river.pointAt(c);
    const double dx = (std::rand() % 1001 - 500) / 100.0, dy = (std::rand() % 1001 - 500) / 100.0;
    std::snprintf(buf, sizeof buf,
                  "<trkpt lat=\"%.8f\" lon=\"%.8f\"><time>2020-06-01T08:%02d:%02dZ</time></trkpt>\n",
                  p.y + dy * degree, p.x + dx * degree, (i / 60) % 60, i % 60);
    out << buf;
  }
  out << "</trkseg></trk></gpx>\n";
}

} // namespace

TEST_F(FieldGuiTest, GpsWalkOfAWholeRiverCompletesItOnTheWalksDateAndShowsIt)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  const gis::LinearRef ref(river.geometry.asLineString());
  const std::string gpx = dir.file("whole.gpx");
  writeWholeWalk(gpx, ref, 5);
  QString extendedNote;
  QDate shownDate;
  QTimer::singleShot(0, [&] {
    auto *dialog = qobject_cast<app::TrackReviewDialog *>(QApplication::activeModalWidget());
    if (!dialog) return;
    if (auto *note = dialog->findChild<QLabel *>(QStringLiteral("extendedNote"))) extendedNote = note->text();
    if (auto *date = dialog->findChild<QDateEdit *>()) shownDate = date->date();
    for (int row = 0; row < dialog->rowCount(); ++row)
      dialog->setChecked(row, dialog->accepted()[static_cast<std::size_t>(row)].featureId == river.id);
    dialog->accept();
  });
  canvas()->zoomToFullExtent();
  field->importTrack(QString::fromStdString(gpx));
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();
  // The whole river is done, on the day of the walk, and the review said why its ends moved.
  EXPECT_EQ(store().feature(river.id)->status, data::Status::Completed);
  EXPECT_TRUE(extendedNote.contains(QString::fromStdString(river.code))) << extendedNote.toStdString();
  EXPECT_EQ(shownDate, QDate(2020, 6, 1));
  const auto events = store().events(river.id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().date, "2020-06-01");
  // Said in the status bar and over the map, naming the river and its new state.
  const QString said = field->notice()->text();
  EXPECT_TRUE(said.contains(QString::fromStdString(river.code))) << said.toStdString();
  EXPECT_TRUE(said.contains(QStringLiteral("completed"))) << said.toStdString();
  EXPECT_EQ(window.statusBar()->currentMessage(), said);
  // The map shows the marked river: the view is about its size, not the whole town.
  const layers::MapSettings view = canvas()->view();
  const gis::Envelope shown = view.visibleExtent();
  const gis::Point a = field->toMap(ref.pointAt(0)), b = field->toMap(ref.pointAt(ref.length()));
  for (const gis::Point &p : {a, b})
    EXPECT_TRUE(p.x > shown.minX && p.x < shown.maxX && p.y > shown.minY && p.y < shown.maxY);
  EXPECT_LT(shown.width(), 4 * std::max({std::abs(a.x - b.x), std::abs(a.y - b.y), 200.0}));
}

TEST_F(FieldGuiTest, TheStretchFormStartsAtTheFirstPartNotYetDone)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  data::Event done;
  done.featureId = river.id;
  done.kind = data::EventKind::Stretch;
  done.status = data::Status::Completed;
  done.fromM = 0;
  done.toM = 400;
  done.date = "2020-06-01";
  ASSERT_TRUE(field->push(new layers::MarkCommand(*field->context(), done)));
  ASSERT_EQ(store().events(river.id).size(), 1u);
  ASSERT_NEAR(store().feature(river.id)->doneM, 400, 0.01);
  ASSERT_TRUE(selectByClick(river));
  app::MarkingPanel *panel = field->markingPanel();
  EXPECT_NEAR(panel->stretchFrom(), 400, 0.05);
  EXPECT_NEAR(panel->stretchTo(), river.lengthM, 0.05);
}

TEST_F(FieldGuiTest, UndoClearsTheMarksMessageAndRedoBringsItBackWithItsPhoto)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river));
  app::MarkingPanel *panel = field->markingPanel();
  const std::string photo = testutil::writeTestPhoto(dir, "bank.jpg", std::nullopt, "2020:06:05 10:00:00");
  ASSERT_TRUE(panel->addPhoto(QString::fromStdString(photo)));
  panel->setDate(QDate(2020, 6, 5));
  QPushButton *mark = button(panel, QStringLiteral("Mark stretch done"));
  ASSERT_NE(mark, nullptr);
  mark->click();
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();
  const QString text = field->undoStack()->text(0);
  auto shows = [&] {
    for (const QLabel *l : panel->findChildren<QLabel *>())
      if (l->text() == text) return true;
    return false;
  };
  EXPECT_TRUE(shows());
  field->undoAction()->trigger();
  EXPECT_FALSE(shows()) << "the dock still names the undone mark";
  EXPECT_TRUE(field->notice()->text().contains(text)) << field->notice()->text().toStdString();
  field->redoAction()->trigger();
  const auto events = store().events(river.id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, data::EventKind::Stretch);
  EXPECT_EQ(store().attachments(events.back().uuid).size(), 1u);
}

TEST_F(FieldGuiTest, ASearchResultIsSelectedAndShownOnOneClick)
{
  window.searchDock()->search(QStringLiteral("河"));
  ASSERT_GT(window.searchDock()->resultCount(), 1);
  auto *list = window.searchDock()->findChild<QListWidget *>();
  ASSERT_NE(list, nullptr);
  window.searchDock()->show();
  const QPoint at = list->visualItemRect(list->item(1)).center();
  for (auto type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
    QMouseEvent e(type, at, list->viewport()->mapToGlobal(at), Qt::LeftButton,
                  type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(list->viewport(), &e);
  }
  EXPECT_EQ(canvas()->selection(), std::set<std::int64_t>{window.searchDock()->resultId(1)});
}

TEST_F(FieldGuiTest, SelectingARiverNeverGrowsTheWindow)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  window.resize(1100, 560);
  QApplication::processEvents();
  const QSize before = window.size();
  ASSERT_TRUE(selectByClick(freshRiver()));
  QApplication::processEvents();
  EXPECT_LE(window.height(), before.height());
  EXPECT_LE(window.width(), before.width());
}

TEST_F(FieldGuiTest, MoveAndSplitHaveShortcutsOfTheirOwn)
{
  for (QAction *tool : {field->moveFeatureAction(), field->splitAction()}) {
    ASSERT_FALSE(tool->shortcut().isEmpty()) << tool->text().toStdString();
    for (const QAction *other : window.findChildren<QAction *>()) {
      if (other != tool) {
        EXPECT_NE(other->shortcut(), tool->shortcut())
            << tool->text().toStdString() << " and " << other->text().toStdString();
      }
    }
  }
}

TEST_F(FieldGuiTest, HistoryShowsWhoAndNoteAtTheDocksDefaultWidth)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river));
  app::MarkingPanel *panel = field->markingPanel();
  panel->setNote(QStringLiteral("bank cleared"));
  QPushButton *mark = button(panel, QStringLiteral("Mark stretch done"));
  ASSERT_NE(mark, nullptr);
  mark->click();
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();
  field->historyDock()->raise();
  QApplication::processEvents();
  QTreeWidget *tree = field->historyView()->tree();
  ASSERT_EQ(tree->topLevelItemCount(), 1);
  const int width = tree->viewport()->width();
  for (int column = 0; column < tree->columnCount(); ++column) {
    const QString name = tree->headerItem()->text(column);
    if (name != QStringLiteral("Who") && name != QStringLiteral("Note")) continue;
    const int left = tree->header()->sectionViewportPosition(column);
    EXPECT_GE(left, 0) << name.toStdString();
    EXPECT_LE(left + 40, width) << name.toStdString() << " starts at " << left << " of " << width;
  }
}
