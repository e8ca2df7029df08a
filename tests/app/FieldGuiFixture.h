#pragma once

// The main window on a copy of the sample project, offscreen, with mouse helpers for the canvas: the
// fixture of the marking and editing tests.
#include "app/gui/FeatureForm.h"
#include "app/gui/FieldController.h"
#include "app/gui/HistoryView.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/MarkingPanel.h"
#include "app/gui/TrackReviewDialog.h"
#include "app/gui/UserDialog.h"
#include "data/store/Store.h"
#include "gis/LinearRef.h"
#include "layers/edit/EditCommands.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/QtWait.h"
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

namespace fieldtest {

using testutil::waitUntil;

// Per river: status and metres done, the state a mark and its undo must restore.
using RiverState = std::map<std::int64_t, std::pair<data::Status, double>>;

class FieldGuiTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapFieldGuiTest"));
    window.resize(1300, 900);
    window.show();
    ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
    field = window.fieldController();
    ASSERT_NE(field, nullptr);
    ASSERT_TRUE(waitUntil([&] { return !canvas()->renderedImage().isNull() && !canvas()->isRendering(); }));
  }

  app::MapCanvas *canvas() const { return window.canvas(); }
  const data::Store &store() const { return *window.store(); }

  void mouse(QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons)
  {
    QMouseEvent e(type, pos, canvas()->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(canvas(), &e);
  }
  void click(QPointF at)
  {
    mouse(QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
  }
  void doubleClick(QPointF at)
  {
    click(at);
    mouse(QEvent::MouseButtonDblClick, at, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
  }
  void drag(QPointF from, QPointF to)
  {
    mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 5; ++i)
      mouse(QEvent::MouseMove, from + (to - from) * i / 5.0, Qt::NoButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
  }
  QPointF pixelOf(const gis::Point &lonLat) const { return canvas()->view().toPixel(field->toMap(lonLat)); }
  double metresPerPixel() const { return canvas()->view().mapUnitsPerPixel(); }

  // A river long enough to mark, with no events yet.
  data::Feature freshRiver(double minLength = 800, std::int64_t skip = 0) const
  {
    for (const auto &f : store().features("rivers"))
      if (f.id != skip && f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= minLength &&
          f.geometry.asLineString().size() >= 3 && store().events(f.id).empty())
        return f;
    return {};
  }

  // Zooms to a feature and selects it with a click on it (the first place along it where it is the
  // topmost feature), as a user would.
  bool selectByClick(const data::Feature &f)
  {
    canvas()->setTool(app::MapCanvas::Tool::Pan);
    canvas()->zoomToFeature(f.id);
    canvas()->setSelection({});
    std::vector<gis::Point> candidates;
    if (f.geometry.type() == gis::Geometry::Type::LineString) {
      const gis::LinearRef ref(f.geometry.asLineString());
      for (double t : {0.5, 0.35, 0.65, 0.2, 0.8})
        candidates.push_back(ref.pointAt(t * ref.length()));
    } else {
      candidates.push_back(f.geometry.parts().front().front().front());
    }
    for (const gis::Point &p : candidates) {
      click(pixelOf(p));
      if (canvas()->selection() == std::set<std::int64_t>{f.id}) return true;
    }
    return false;
  }

  RiverState rivers() const
  {
    RiverState s;
    for (const auto &f : store().features("rivers"))
      s[f.id] = {f.status, f.doneM};
    return s;
  }
  static double totalDone(const RiverState &s)
  {
    double km = 0;
    for (const auto &[id, v] : s)
      km += v.second;
    return km;
  }

  QPushButton *button(QWidget *in, const QString &text) const
  {
    for (auto *b : in->findChildren<QPushButton *>())
      if (b->text() == text) return b;
    return nullptr;
  }

  // Accepts the next modal dialog holding a feature form, filling its required fields.
  void acceptNextFeatureForm(bool *seen)
  {
    QTimer::singleShot(0, [seen] {
      auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
      if (!dialog) return;
      auto *form = dialog->findChild<app::FeatureForm *>();
      if (!form) return;
      *seen = true;
      for (const auto &field : form->layer().fields) {
        QWidget *editor = form->editor(field.name);
        if (auto *combo = qobject_cast<QComboBox *>(editor))
          combo->setCurrentIndex(combo->count() - 1);
        else if (auto *line = qobject_cast<QLineEdit *>(editor); line && field.required)
          line->setText(field.type == "text" ? QStringLiteral("test") : QStringLiteral("1"));
      }
      dialog->accept();
    });
  }

  // A place in the view with no feature within `pixels`, so a click there snaps to nothing.
  std::optional<QPointF> emptySpot(double pixels) const
  {
    const QSize size = canvas()->size();
    for (int y = 60; y < size.height() - 60; y += 17)
      for (int x = 60; x < size.width() - 60; x += 23) {
        bool snapped = true;
        const QPointF px(x + 0.25, y + 0.25);
        field->snap(canvas()->toMap(px), pixels, 0, &snapped);
        if (!snapped) return px;
      }
    return std::nullopt;
  }

  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
  app::MainWindow window;
  app::FieldController *field = nullptr;
};

} // namespace fieldtest
