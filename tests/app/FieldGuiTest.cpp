// Marking and editing in the main window, offscreen, on a copy of the sample project: mouse events on
// the canvas mark a river stretch and edit features, Edit ▸ Undo/Redo restore and re-apply them, the
// store's role checks reach the user, and photos with EXIF GPS become pins.
#include "tests/app/FieldGuiFixture.h"

using fieldtest::FieldGuiTest;
using fieldtest::RiverState;
using testutil::waitUntil;

TEST_F(FieldGuiTest, ClicksMarkAStretchOfTheSelectedRiverAndUndoRestoresExactly)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  EXPECT_TRUE(field->userLabel()->text().startsWith(QStringLiteral("engineer1 (engineer)")))
      << field->userLabel()->text().toStdString();
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  ASSERT_TRUE(selectByClick(river));
  app::MarkingPanel *panel = field->markingPanel();
  ASSERT_NE(panel, nullptr);
  ASSERT_EQ(panel->featureId(), std::optional<std::int64_t>(river.id)); // the dock follows the selection

  // Two clicks on the river with the tool: start at 20 %, end at 70 % of its length.
  ASSERT_TRUE(field->markStretchAction()->isEnabled());
  field->markStretchAction()->trigger();
  ASSERT_EQ(canvas()->tool(), app::MapCanvas::Tool::Custom);
  const gis::LinearRef ref(river.geometry.asLineString());
  const double a = 0.2 * ref.length(), b = 0.7 * ref.length();
  click(pixelOf(ref.pointAt(a)));
  click(pixelOf(ref.pointAt(b)));
  // The clicks land on the line itself: the snapped chainage may be off by the click position's
  // rounding (half a pixel on the ground) and the panel's 0.1 m display.
  const double tol = 0.5 * metresPerPixel() + 0.05;
  EXPECT_NEAR(panel->stretchFrom(), a, tol);
  EXPECT_NEAR(panel->stretchTo(), b, tol);
  EXPECT_EQ(panel->stretchLengthText(),
            QStringLiteral("%1 m").arg(panel->stretchTo() - panel->stretchFrom(), 0, 'f', 1));

  // The preview is drawn over the map, in its orange, along the stretch.
  const QImage shown = canvas()->grab().toImage();
  const QPoint mid = pixelOf(ref.pointAt((a + b) / 2)).toPoint();
  const QColor c = shown.pixelColor(mid);
  EXPECT_GT(c.red(), 200) << c.name().toStdString();
  EXPECT_LT(c.blue(), 60) << c.name().toStdString();

  panel->setDate(QDate(2020, 7, 1));
  const RiverState before = rivers();
  QPushButton *markButton = button(panel, QStringLiteral("Mark stretch done"));
  ASSERT_NE(markButton, nullptr);
  ASSERT_TRUE(markButton->isEnabled());
  markButton->click();
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();
  const double marked = panel->stretchTo() - panel->stretchFrom();
  const RiverState after = rivers();
  EXPECT_NEAR(after.at(river.id).second, marked, 0.01);
  EXPECT_NEAR(totalDone(after) - totalDone(before), marked, 0.01); // the roll-up rises by the stretch
  EXPECT_EQ(after.at(river.id).first, data::Status::InProgress);
  // The map is re-read on a worker and shown when read.
  ASSERT_TRUE(window.waitUntilIdle());
  ASSERT_NE(window.mapData()->feature(river.id), nullptr);
  EXPECT_NEAR(window.mapData()->feature(river.id)->doneM, marked, 0.01);

  // Edit ▸ Undo restores every river's status and metres exactly; the mark is retracted, not deleted.
  ASSERT_TRUE(field->undoAction()->isEnabled());
  field->undoAction()->trigger();
  EXPECT_EQ(rivers(), before);
  ASSERT_TRUE(window.waitUntilIdle());
  EXPECT_EQ(window.mapData()->feature(river.id)->doneM, 0);
  const auto events = store().events(river.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, data::EventKind::Retraction);

  // Redo marks it again.
  field->redoAction()->trigger();
  EXPECT_NEAR(store().feature(river.id)->doneM, marked, 0.01);
  EXPECT_NEAR(totalDone(rivers()) - totalDone(before), marked, 0.01);
}

TEST_F(FieldGuiTest, UserComesFromTheEnvironmentAndLeadersCannotMark)
{
  qputenv("PLANMAP_USER", "leader1");
  const bool opened = testutil::openAndWait(window, QString::fromStdString(project), true);
  qunsetenv("PLANMAP_USER");
  ASSERT_TRUE(opened);
  EXPECT_TRUE(field->userLabel()->text().startsWith(QStringLiteral("leader1 (leader)")))
      << field->userLabel()->text().toStdString();
  EXPECT_FALSE(field->markStretchAction()->isEnabled());
  EXPECT_FALSE(field->addFeatureAction()->isEnabled());
  EXPECT_EQ(field->undoStack()->count(), 0);

  // Nobody chosen: read only, and said so.
  ASSERT_TRUE(field->setUser(QString()));
  EXPECT_EQ(field->userLabel()->text().toStdString(), "no user (read only)");
  EXPECT_FALSE(field->setUser(QStringLiteral("nobody-of-this-project")));
}

TEST_F(FieldGuiTest, EngineersGeometryEditIsRefusedWithAMessage)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  EXPECT_FALSE(field->vertexAction()->isEnabled());
  EXPECT_FALSE(field->deleteAction()->isEnabled());
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river));
  QStringList messages;
  QObject::connect(field, &app::FieldController::errorReported, [&](const QString &m) { messages << m; });

  // Around the greyed-out action: the store refuses, the user is told who and why.
  field->deleteSelected();
  gis::Geometry moved = river.geometry;
  moved.parts()[0][0][1].x += 0.0005;
  EXPECT_FALSE(field->push(new layers::ChangeGeometryCommand(*field->context(), river.id, moved)));
  ASSERT_EQ(messages.size(), 2);
  for (const QString &m : messages) {
    EXPECT_TRUE(m.contains(QStringLiteral("engineer1"))) << m.toStdString();
    EXPECT_TRUE(m.contains(QStringLiteral("engineer"))) << m.toStdString();
  }
  EXPECT_EQ(field->lastError(), messages.back());
  EXPECT_EQ(field->undoStack()->count(), 0);
  ASSERT_TRUE(store().feature(river.id));
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);
}

TEST_F(FieldGuiTest, PlannerAddsMovesVertexSplitsAndDeletesEachUndone)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("planner1")));
  ASSERT_TRUE(field->addFeatureAction()->isEnabled());
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  ASSERT_TRUE(selectByClick(river));

  // ---- add a toilet with a click where nothing is to snap to
  auto *tree = window.layerTree()->findChild<QTreeWidget *>();
  ASSERT_NE(tree, nullptr);
  for (int i = 0; i < tree->topLevelItemCount(); ++i) {
    tree->setCurrentItem(tree->topLevelItem(i));
    if (window.layerTree()->currentLayerId() == "toilets") break;
  }
  ASSERT_EQ(field->currentLayerId(), "toilets");
  const std::size_t toilets = store().featureCount("toilets");
  const auto spot = emptySpot(12);
  ASSERT_TRUE(spot);
  field->addFeatureAction()->trigger();
  bool formSeen = false;
  acceptNextFeatureForm(&formSeen);
  click(*spot);
  EXPECT_TRUE(formSeen);
  ASSERT_EQ(store().featureCount("toilets"), toilets + 1) << field->lastError().toStdString();
  const gis::Point wanted = field->toLonLat(canvas()->toMap(*spot));
  bool found = false;
  for (const auto &f : store().features("toilets"))
    if (std::abs(f.geometry.asPoint().x - wanted.x) < 1e-9 &&
        std::abs(f.geometry.asPoint().y - wanted.y) < 1e-9)
      found = true;
  EXPECT_TRUE(found);
  field->undoAction()->trigger();
  EXPECT_EQ(store().featureCount("toilets"), toilets);

  // ---- drag a vertex of the river to an empty place, then onto another feature's vertex
  ASSERT_TRUE(selectByClick(river));
  field->vertexAction()->trigger();
  const std::size_t k = 1;
  const gis::Point vertex = river.geometry.asLineString()[k];
  const auto to = emptySpot(12);
  ASSERT_TRUE(to);
  drag(pixelOf(vertex), *to);
  ASSERT_EQ(field->undoStack()->index(), 1) << field->lastError().toStdString();
  const data::Feature moved = *store().feature(river.id);
  const gis::Point expected = field->toLonLat(canvas()->toMap(*to));
  EXPECT_NEAR(moved.geometry.asLineString()[k].x, expected.x, 1e-9);
  EXPECT_NEAR(moved.geometry.asLineString()[k].y, expected.y, 1e-9);
  for (std::size_t i = 0; i < river.geometry.asLineString().size(); ++i)
    if (i != k) {
      EXPECT_EQ(moved.geometry.asLineString()[i], river.geometry.asLineString()[i]);
    }
  EXPECT_NE(moved.lengthM, river.lengthM);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);
  EXPECT_DOUBLE_EQ(store().feature(river.id)->lengthM, river.lengthM);

  // Snapping: a drop 3 px beside a lone vertex of another visible feature lands exactly on it.
  ASSERT_TRUE(window.waitUntilIdle());
  const auto data = window.mapData();
  std::optional<gis::Point> target;
  const layers::MapSettings view = canvas()->view();
  const QRectF inner = QRectF(QPointF(0, 0), QSizeF(view.size)).adjusted(40, 40, -40, -40);
  for (const std::string &id : canvas()->visibleLayerIds()) {
    const layers::MapLayer *layer = data->layer(id);
    const layers::PathSet &ps = layer->paths();
    for (std::size_t f = 0; f < layer->size() && !target; ++f) {
      if (layer->feature(f).id == river.id) continue;
      for (auto path = ps.featureStart[f]; path < ps.featureStart[f + 1] && !target; ++path)
        for (auto i = ps.pathStart[path]; i < ps.pathStart[path + 1]; ++i) {
          const gis::Point v{ps.xs[i], ps.ys[i]};
          if (!inner.contains(view.toPixel(v))) continue;
          // Lone: nothing else snappable within 25 px but this vertex (its own edges end here).
          bool snapped = false;
          const gis::Point s = field->snap({v.x + 4 * view.mapUnitsPerPixel(), v.y}, 25, river.id, &snapped);
          if (snapped && s == v &&
              std::hypot(view.toPixel(v).x() - pixelOf(vertex).x(),
                         view.toPixel(v).y() - pixelOf(vertex).y()) > 30) {
            target = v;
            break;
          }
        }
    }
    if (target) break;
  }
  ASSERT_TRUE(target) << "no lone vertex in view";
  drag(pixelOf(vertex), view.toPixel(*target) + QPointF(3, -2));
  ASSERT_EQ(field->undoStack()->index(), 1) << field->lastError().toStdString();
  const gis::Point snappedTo = field->toMap(store().feature(river.id)->geometry.asLineString()[k]);
  EXPECT_NEAR(snappedTo.x, target->x, 1e-6);
  EXPECT_NEAR(snappedTo.y, target->y, 1e-6);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);

  // ---- split the river where it is clicked (40 % along)
  const std::size_t riverCount = store().featureCount("rivers");
  field->splitAction()->trigger();
  const gis::LinearRef ref(river.geometry.asLineString());
  click(pixelOf(ref.pointAt(0.4 * ref.length())));
  ASSERT_EQ(store().featureCount("rivers"), riverCount + 1) << field->lastError().toStdString();
  const double tol = 0.5 * metresPerPixel() + 0.01;
  EXPECT_NEAR(store().feature(river.id)->lengthM, 0.4 * river.lengthM, tol);
  field->undoAction()->trigger();
  EXPECT_EQ(store().featureCount("rivers"), riverCount);
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);

  // ---- delete the selected river
  canvas()->setTool(app::MapCanvas::Tool::Select);
  ASSERT_TRUE(selectByClick(river));
  ASSERT_TRUE(field->deleteAction()->isEnabled());
  field->deleteAction()->trigger();
  EXPECT_FALSE(store().feature(river.id));
  EXPECT_EQ(store().featureCount("rivers"), riverCount - 1);
  ASSERT_TRUE(window.waitUntilIdle());
  EXPECT_EQ(window.mapData()->feature(river.id), nullptr);
  field->undoAction()->trigger();
  EXPECT_EQ(store().featureCount("rivers"), riverCount);
  const auto back = store().featureByCode(river.code);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->geometry, river.geometry);
  EXPECT_EQ(back->name, river.name);
}

TEST_F(FieldGuiTest, PhotoWithGpsBecomesAPinThatOpensThePhoto)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  data::Feature toilet;
  for (const auto &f : store().features("toilets"))
    if (f.status == data::Status::Planned && store().events(f.id).empty()) {
      toilet = f;
      break;
    }
  ASSERT_GT(toilet.id, 0);
  ASSERT_TRUE(selectByClick(toilet));
  ASSERT_TRUE(window.waitUntilIdle()); // the pins are read on a worker
  const std::size_t pinsBefore = field->photoPins().size();

  // A photo taken 30 m east of the toilet.
  const gis::Point site = toilet.geometry.asPoint();
  const gis::Point taken{site.x + 30 / (111320 * std::cos(site.y * M_PI / 180)), site.y};
  const std::string photo = testutil::writeTestPhoto(dir, "site.jpg", taken, "2020:06:05 10:00:00");
  ASSERT_FALSE(photo.empty());
  app::MarkingPanel *panel = field->markingPanel();
  ASSERT_TRUE(panel->addPhoto(QString::fromStdString(photo)));
  panel->setDate(QDate(2020, 6, 5));
  QPushButton *completed = button(panel, QStringLiteral("Completed"));
  ASSERT_NE(completed, nullptr);
  completed->click();
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();

  ASSERT_TRUE(window.waitUntilIdle());
  ASSERT_EQ(field->photoPins().size(), pinsBefore + 1);
  const app::PhotoPin pin = field->photoPins().back();
  ASSERT_TRUE(pin.lonLat);
  EXPECT_NEAR(pin.lonLat->x, taken.x, 1e-6);
  EXPECT_NEAR(pin.lonLat->y, taken.y, 1e-6);

  // The pin is drawn where the photo was taken (its body just above the tip) ...
  canvas()->setTool(app::MapCanvas::Tool::Pan);
  const QPointF tip = pixelOf(taken);
  const QImage shown = canvas()->grab().toImage();
  const QColor body = shown.pixelColor((tip + QPointF(0, -12)).toPoint());
  EXPECT_EQ(body, QColor(30, 110, 200)) << body.name().toStdString();

  // ... and a click on it opens the photo.
  QStringList opened;
  QObject::connect(field, &app::FieldController::photoShown, [&](const QString &uuid) { opened << uuid; });
  click(tip + QPointF(0, -12));
  ASSERT_EQ(opened, QStringList{pin.uuid});
  auto *dialog = window.findChild<QDialog *>(QStringLiteral("PhotoDialog"));
  ASSERT_NE(dialog, nullptr);
  auto *picture = dialog->findChild<QLabel *>(QStringLiteral("photo"));
  ASSERT_NE(picture, nullptr);
  EXPECT_EQ(picture->pixmap().size(), QSize(320, 240));
  dialog->close();

  // The history dock lists the photo under the mark; activating it opens the same photo.
  ASSERT_EQ(field->historyView()->featureId(), std::optional<std::int64_t>(toilet.id));
  QTreeWidgetItem *row = field->historyView()->tree()->topLevelItem(0);
  ASSERT_NE(row, nullptr);
  ASSERT_EQ(row->childCount(), 1);
  EXPECT_EQ(row->child(0)->data(0, Qt::UserRole).toString(), pin.uuid);
  emit field->historyView()->tree()->itemDoubleClicked(row->child(0), 0);
  EXPECT_EQ(opened, (QStringList{pin.uuid, pin.uuid}));

  // Undoing the mark retracts it: its photo is no longer pinned.
  field->undoAction()->trigger();
  ASSERT_TRUE(window.waitUntilIdle());
  EXPECT_EQ(field->photoPins().size(), pinsBefore);
}

TEST_F(FieldGuiTest, GpsTrackProposesTheWalkedStretchAndAcceptingMarksItInOneStep)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("engineer1")));
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  // A walk along chainage 150–550 m of the river, a point every 5 m.
  const gis::LinearRef ref(river.geometry.asLineString());
  const std::string gpx = dir.file("walk.gpx");
  {
    std::ofstream out(gpx);
    out << "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"planmap-test\" "
           "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n";
    char buf[96];
    for (double c = 150; c <= 550; c += 5) {
      const gis::Point p = ref.pointAt(c);
      std::snprintf(buf, sizeof buf, "<trkpt lat=\"%.8f\" lon=\"%.8f\"/>\n", p.y, p.x);
      out << buf;
    }
    out << "</trkseg></trk></gpx>\n";
  }
  std::vector<layers::ProposedStretch> shown;
  QTimer::singleShot(0, [&] {
    auto *dialog = qobject_cast<app::TrackReviewDialog *>(QApplication::activeModalWidget());
    if (!dialog) return;
    shown = dialog->accepted();
    // Keep only the walked river's stretch.
    for (int row = 0; row < dialog->rowCount(); ++row)
      dialog->setChecked(row, shown[static_cast<std::size_t>(row)].featureId == river.id);
    dialog->accept();
  });
  field->importTrack(QString::fromStdString(gpx));
  ASSERT_FALSE(shown.empty()) << field->lastError().toStdString();
  const auto it =
      std::find_if(shown.begin(), shown.end(), [&](const auto &s) { return s.featureId == river.id; });
  ASSERT_NE(it, shown.end());
  EXPECT_NEAR(it->fromM, 150, 10);
  EXPECT_NEAR(it->toM, 550, 10);
  ASSERT_EQ(field->undoStack()->count(), 1) << field->lastError().toStdString();
  EXPECT_NEAR(store().feature(river.id)->doneM, it->toM - it->fromM, 0.01);
  ASSERT_TRUE(window.waitUntilIdle());
  EXPECT_NEAR(window.mapData()->feature(river.id)->doneM, it->toM - it->fromM, 0.01);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->doneM, 0);

  // A file that is no track is reported, nothing is written.
  const std::string junk = dir.file("notes.gpx");
  std::ofstream(junk) << "not a track";
  field->importTrack(QString::fromStdString(junk));
  EXPECT_TRUE(field->lastError().contains(QStringLiteral("notes.gpx"))) << field->lastError().toStdString();
  EXPECT_EQ(field->undoStack()->count(), 1);
}

TEST_F(FieldGuiTest, AttributeFormEditsTheSelectedFeatureAndUndoRestoresIt)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("planner1")));
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river));
  ASSERT_TRUE(field->attributesAction()->isEnabled());
  QString shownName;
  QTimer::singleShot(0, [&] {
    auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
    auto *form = dialog ? dialog->findChild<app::FeatureForm *>() : nullptr;
    if (!form) return;
    shownName = form->name();
    // The name is the form's first line edit; the water-quality class a value list.
    dialog->findChildren<QLineEdit *>().front()->setText(QStringLiteral("测试河"));
    auto *wq = qobject_cast<QComboBox *>(form->editor("wq_class"));
    for (int i = 0; wq && i < wq->count(); ++i)
      if (!wq->itemText(i).isEmpty() && wq->itemText(i) != wq->currentText()) {
        wq->setCurrentIndex(i);
        break;
      }
    dialog->accept();
  });
  field->attributesAction()->trigger();
  EXPECT_EQ(shownName.toStdString(), river.name);
  const data::Feature edited = *store().feature(river.id);
  EXPECT_EQ(edited.name, "测试河");
  EXPECT_NE(edited.attributes.at("wq_class"), river.attributes.at("wq_class"));
  EXPECT_EQ(edited.geometry, river.geometry);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->name, river.name);
  EXPECT_EQ(store().feature(river.id)->attributes, river.attributes);
}

TEST_F(FieldGuiTest, LinesAndPolygonsAreDrawnByClicksAndFeaturesMovedByDragging)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("planner1")));
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river)); // a close view of town, with room around
  auto *tree = window.layerTree()->findChild<QTreeWidget *>();
  ASSERT_NE(tree, nullptr);
  auto chooseLayer = [&](const std::string &id) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
      tree->setCurrentItem(tree->topLevelItem(i));
      if (window.layerTree()->currentLayerId() == id) return true;
    }
    return false;
  };
  // Three empty places apart from each other.
  std::vector<QPointF> spots;
  const QSize size = canvas()->size();
  for (int y = 60; y < size.height() - 60 && spots.size() < 3; y += 13)
    for (int x = 60; x < size.width() - 60 && spots.size() < 3; x += 19) {
      const QPointF px(x + 0.5, y + 0.5);
      bool snapped = true;
      field->snap(canvas()->toMap(px), 14, 0, &snapped);
      bool apart = true;
      for (const QPointF &s : spots)
        apart = apart && std::hypot(s.x() - px.x(), s.y() - px.y()) > 40;
      if (!snapped && apart) spots.push_back(px);
    }
  ASSERT_EQ(spots.size(), 3u);

  for (const std::string layer : {"roads", "forest_plots"}) {
    SCOPED_TRACE(layer);
    ASSERT_TRUE(chooseLayer(layer));
    const std::size_t before = store().featureCount(layer);
    field->addFeatureAction()->trigger();
    click(spots[0]);
    click(spots[1]);
    bool formSeen = false;
    acceptNextFeatureForm(&formSeen);
    doubleClick(spots[2]);
    EXPECT_TRUE(formSeen);
    ASSERT_EQ(store().featureCount(layer), before + 1) << field->lastError().toStdString();
    // The newest feature has the clicked points (a polygon closes its ring).
    data::Feature added;
    for (const auto &f : store().features(layer))
      if (f.id > added.id) added = f;
    const auto &path = added.geometry.parts().front().front();
    ASSERT_EQ(path.size(), layer == "roads" ? 3u : 4u);
    for (std::size_t i = 0; i < 3; ++i) {
      const gis::Point want = field->toLonLat(canvas()->toMap(spots[i]));
      EXPECT_NEAR(path[i].x, want.x, 1e-9);
      EXPECT_NEAR(path[i].y, want.y, 1e-9);
    }
    if (layer == "forest_plots") {
      EXPECT_EQ(path.front(), path.back());
      EXPECT_GT(added.areaM2, 0);
    }
    field->undoAction()->trigger();
    EXPECT_EQ(store().featureCount(layer), before);
  }

  // Drag a toilet 40 px right and 25 px down with the move tool.
  data::Feature toilet;
  for (const auto &f : store().features("toilets"))
    if (store().events(f.id).empty()) {
      toilet = f;
      break;
    }
  ASSERT_TRUE(selectByClick(toilet));
  field->moveFeatureAction()->trigger();
  const QPointF from = pixelOf(toilet.geometry.asPoint());
  const QPointF to = from + QPointF(40, 25);
  drag(from, to);
  ASSERT_EQ(field->undoStack()->index(), 1) << field->lastError().toStdString();
  const gis::Point movedMap = field->toMap(store().feature(toilet.id)->geometry.asPoint());
  const gis::Point wantMap = canvas()->toMap(to);
  const gis::Point fromMap = field->toMap(toilet.geometry.asPoint());
  const gis::Point grabbed = canvas()->toMap(from);
  EXPECT_NEAR(movedMap.x, fromMap.x + (wantMap.x - grabbed.x), 1e-6);
  EXPECT_NEAR(movedMap.y, fromMap.y + (wantMap.y - grabbed.y), 1e-6);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(toilet.id)->geometry, toilet.geometry);
}

TEST_F(FieldGuiTest, OpeningAsksWhoIsWorkingOnceAndRemembersItForTheProject)
{
  // Opened for a person (not quietly) with nobody remembered: the question comes without blocking.
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), false));
  auto *dialog = window.findChild<app::UserDialog *>();
  ASSERT_NE(dialog, nullptr);
  EXPECT_TRUE(dialog->isVisible());
  EXPECT_EQ(field->userLabel()->text().toStdString(), "no user (read only)");
  dialog->selectUser(QStringLiteral("engineer1"));
  dialog->accept();
  EXPECT_TRUE(field->userLabel()->text().startsWith(QStringLiteral("engineer1 (engineer)")));
  EXPECT_TRUE(field->markStretchAction()->isEnabled());
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  EXPECT_EQ(window.findChild<app::UserDialog *>(), nullptr);

  // Next time the remembered user is taken without asking; Project ▸ Switch user asks again.
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), false));
  EXPECT_EQ(window.findChild<app::UserDialog *>(), nullptr);
  EXPECT_TRUE(field->userLabel()->text().startsWith(QStringLiteral("engineer1 (engineer)")));
  field->switchUserAction()->trigger();
  dialog = window.findChild<app::UserDialog *>();
  ASSERT_NE(dialog, nullptr);
  dialog->selectUser(QStringLiteral("planner1"));
  dialog->accept();
  EXPECT_TRUE(field->userLabel()->text().startsWith(QStringLiteral("planner1 (planner)")));
  EXPECT_TRUE(field->addFeatureAction()->isEnabled());
}

TEST_F(FieldGuiTest, DoubleClicksAddAndRemoveVerticesOfTheSelectedLine)
{
  ASSERT_TRUE(field->setUser(QStringLiteral("planner1")));
  const data::Feature river = freshRiver();
  ASSERT_TRUE(selectByClick(river));
  field->vertexAction()->trigger();
  const gis::LineString &line = river.geometry.asLineString();
  // The longest segment on screen: its middle is far from both its ends.
  std::size_t seg = 0;
  double longest = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const QPointF a = pixelOf(line[i]), b = pixelOf(line[i + 1]);
    if (const double d = std::hypot(b.x() - a.x(), b.y() - a.y()); d > longest) {
      longest = d;
      seg = i;
    }
  }
  ASSERT_GT(longest, 0);
  // Zoom in about it until it is 60 px long.
  if (longest < 60) canvas()->zoomBy(60 / longest, (pixelOf(line[seg]) + pixelOf(line[seg + 1])) / 2);
  ASSERT_GT(std::hypot(pixelOf(line[seg + 1]).x() - pixelOf(line[seg]).x(),
                       pixelOf(line[seg + 1]).y() - pixelOf(line[seg]).y()),
            50);
  const QPointF middle = (pixelOf(line[seg]) + pixelOf(line[seg + 1])) / 2;
  doubleClick(middle);
  ASSERT_EQ(field->undoStack()->index(), 1) << field->lastError().toStdString();
  const gis::LineString added = store().feature(river.id)->geometry.asLineString();
  ASSERT_EQ(added.size(), line.size() + 1);
  EXPECT_EQ(added[seg], line[seg]);
  EXPECT_EQ(added[seg + 2], line[seg + 1]);
  const QPointF at = pixelOf(added[seg + 1]);
  EXPECT_LT(std::hypot(at.x() - middle.x(), at.y() - middle.y()), 1.0);
  EXPECT_EQ(canvas()->selection(), std::set<std::int64_t>{river.id}); // the clicks did not select elsewhere
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);

  // A double click on a vertex removes it.
  doubleClick(pixelOf(line[1]));
  ASSERT_EQ(field->undoStack()->index(), 1) << field->lastError().toStdString();
  gis::LineString removed = line;
  removed.erase(removed.begin() + 1);
  EXPECT_EQ(store().feature(river.id)->geometry.asLineString(), removed);
  field->undoAction()->trigger();
  EXPECT_EQ(store().feature(river.id)->geometry, river.geometry);
}
