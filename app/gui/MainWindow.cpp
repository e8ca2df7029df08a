#include "app/gui/MainWindow.h"

#include "app/gui/CoordinateLabel.h"
#include "app/gui/FieldController.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/IdentifyDock.h"
#include "app/gui/ImportController.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/LeadershipController.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/ProjectGuard.h"
#include "app/gui/ScaleEdit.h"
#include "app/gui/SearchDock.h"
#include "data/postgis/PgConnection.h"
#include "data/store/Store.h"
#include "data/sync/Sync.h"
#include "gis/Crs.h"
#include "layers/plan/Plan.h"
#include "layers/render/MapExporter.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDate>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <QToolBar>

#include <utility>

namespace app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , mProject(new core::Project(this))
{
  setObjectName(QStringLiteral("MainWindow"));
  mCanvas = new MapCanvas(this);
  setCentralWidget(mCanvas);
  mLayerTree = new LayerTreeDock(this);
  mIdentify = new IdentifyDock(this);
  mSearch = new SearchDock(this);
  addDockWidget(Qt::LeftDockWidgetArea, mLayerTree);
  addDockWidget(Qt::LeftDockWidgetArea, mSearch);
  addDockWidget(Qt::RightDockWidgetArea, mIdentify);
  resizeDocks({mLayerTree, mIdentify}, {260, 280}, Qt::Horizontal);
  resizeDocks({mLayerTree, mSearch}, {520, 200}, Qt::Vertical);
  createActions();
  createStatusBar();
  // The window shows a new project before the controllers see it (connection order).
  connect(mProject, &core::Project::projectOpened, this, &MainWindow::onOpened);
  connect(mProject, &core::Project::openFailed, this, &MainWindow::onOpenFailed);
  connect(mProject, &core::Project::loadingChanged, this, &MainWindow::setLoading);
  connect(mProject, &core::Project::mapReloaded, this, [this] {
    mCanvas->setMapData(mapData());
    mSearch->setMapData(mapData());
  });
  connect(mProject, &core::Project::mapReadFailed, this, [this](const QString &message) {
    if (!mQuiet) QMessageBox::warning(this, tr("Map"), message);
  });
  // Each controller adds its docks, actions and status-bar parts and follows projectOpened().
  mGuard = new ProjectGuard(this);
  mField = new FieldController(this);
  mLeadership = new LeadershipController(this);
  mImport = new ImportController(this);

  connect(mLayerTree, &LayerTreeDock::optionsChanged, this, &MainWindow::onOptionsChanged);
  connect(mLayerTree, &LayerTreeDock::zoomToLayerRequested, mCanvas, &MapCanvas::zoomToLayer);
  connect(mSearch, &SearchDock::featureActivated, this, [this](std::int64_t id) {
    mCanvas->zoomToFeature(id);
    if (store() && mapData()) mIdentify->showFeature(*store(), *mapData(), id, std::nullopt);
  });
  connect(mCanvas, &MapCanvas::selectionChanged, this, &MainWindow::onSelection);

  QSettings settings;
  resize(1400, 900);
  restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
  updateRecentMenu();
  setWindowTitle(tr("PlanMap"));
}

MainWindow::~MainWindow()
{
  files::removeOpenProject(mOpenPath);
  // The controllers work with the project: they go first (children go in the order they came).
  delete mImport;
  delete mLeadership;
  delete mField;
  delete mGuard;
}

void MainWindow::createActions()
{
  QMenu *file = mFileMenu = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New project…"), QKeySequence::New, this, &MainWindow::newProject);
  file->addAction(tr("&Open project…"), QKeySequence::Open, this, &MainWindow::openDialog);
  mRecentMenu = file->addMenu(tr("Open &recent"));
  file->addAction(tr("Save project &as…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
  file->addAction(tr("Save a &copy…"), this, &MainWindow::saveCopy);
  file->addSeparator();
  file->addAction(tr("&Export map…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportDialog);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  mEditMenu = menuBar()->addMenu(tr("&Edit"));
  QMenu *view = mViewMenu = menuBar()->addMenu(tr("&View"));
  mProjectMenu = menuBar()->addMenu(tr("&Project"));
  QToolBar *bar = mMapToolBar = addToolBar(tr("Map"));
  bar->setObjectName(QStringLiteral("MapToolBar"));
  auto add = [&](const QString &text, const QKeySequence &key, auto slot) {
    QAction *a = view->addAction(text, key, mCanvas, slot);
    bar->addAction(a);
    return a;
  };
  add(tr("Zoom &in"), QKeySequence::ZoomIn, &MapCanvas::zoomIn);
  add(tr("Zoom &out"), QKeySequence::ZoomOut, &MapCanvas::zoomOut);
  add(tr("Zoom to &full extent"), QKeySequence(tr("Ctrl+Shift+F")), &MapCanvas::zoomToFullExtent);
  add(tr("Zoom to &selection"), QKeySequence(tr("Ctrl+J")), &MapCanvas::zoomToSelection);
  view->addAction(tr("Zoom to current &layer"), this,
                  [this] { mCanvas->zoomToLayer(mLayerTree->currentLayerId()); });
  view->addSeparator();
  mWaterTheme = view->addAction(tr("Colour rivers by &water quality"));
  mWaterTheme->setCheckable(true);
  mLabels = view->addAction(tr("&Labels"));
  mLabels->setCheckable(true);
  mLabels->setChecked(true);
  auto optionsFromActions = [this] {
    layers::MapSettings o = mLayerTree->options();
    o.theme = mWaterTheme->isChecked() ? layers::Theme::WaterQuality : layers::Theme::Status;
    o.labels = mLabels->isChecked();
    onOptionsChanged(o);
  };
  connect(mWaterTheme, &QAction::toggled, this, optionsFromActions);
  connect(mLabels, &QAction::toggled, this, optionsFromActions);
  view->addAction(tr("Show as of &date…"), this, &MainWindow::askAsOf);
  view->addSeparator();
  for (QDockWidget *d : {static_cast<QDockWidget *>(mLayerTree), static_cast<QDockWidget *>(mIdentify),
                         static_cast<QDockWidget *>(mSearch)})
    view->addAction(d->toggleViewAction());

  bar->addSeparator();
  auto *tools = mToolGroup = new QActionGroup(this);
  auto tool = [&](const QString &text, const QKeySequence &key, MapCanvas::Tool t) {
    QAction *a = bar->addAction(text);
    a->setShortcut(key);
    a->setCheckable(true);
    a->setChecked(t == MapCanvas::Tool::Pan);
    tools->addAction(a);
    connect(a, &QAction::triggered, this, [this, t] { mCanvas->setTool(t); });
  };
  tool(tr("Pan"), QKeySequence(tr("P")), MapCanvas::Tool::Pan);
  tool(tr("Zoom box"), QKeySequence(tr("Z")), MapCanvas::Tool::ZoomBox);
  tool(tr("Select"), QKeySequence(tr("S")), MapCanvas::Tool::Select);

  QMenu *language = menuBar()->addMenu(tr("&Language"));
  auto *languages = new QActionGroup(this);
  const QString current = QSettings().value(QStringLiteral("language")).toString();
  for (const auto &[code, name] : {std::pair{QStringLiteral("zh_CN"), QStringLiteral("中文")},
                                   std::pair{QStringLiteral("en"), QStringLiteral("English")}}) {
    QAction *a = language->addAction(name);
    a->setCheckable(true);
    a->setChecked(current == code ||
                  (current.isEmpty() && (QLocale().language() == QLocale::Chinese) == (code == "zh_CN")));
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, code] {
      QSettings().setValue(QStringLiteral("language"), code);
      emit languageChangeRequested(code);
    });
  }
}

void MainWindow::createStatusBar()
{
  mCoords = new CoordinateLabel(this);
  mScale = new ScaleEdit(this);
  mRenderTime = new QLabel(this);
  statusBar()->addPermanentWidget(mCoords);
  statusBar()->addPermanentWidget(new QLabel(tr("Scale"), this));
  statusBar()->addPermanentWidget(mScale);
  statusBar()->addPermanentWidget(mRenderTime);
  // Shown while a project or a map is read on a worker (a busy bar: the reads give no fraction).
  mProgress = new QProgressBar(this);
  mProgress->setObjectName(QStringLiteral("loadProgress"));
  mProgress->setRange(0, 0);
  mProgress->setMaximumWidth(160);
  mProgress->setMaximumHeight(16);
  mProgress->setTextVisible(false);
  mProgress->hide();
  statusBar()->addPermanentWidget(mProgress);
  connect(mCanvas, &MapCanvas::cursorMoved, mCoords, &CoordinateLabel::showMapPoint);
  connect(mCanvas, &MapCanvas::extentChanged, this, [this] {
    mScale->showScale(mCanvas->scale());
    mLayerTree->setMapScale(mCanvas->scale());
  });
  connect(mScale, &ScaleEdit::scaleEdited, mCanvas, &MapCanvas::setScale);
  connect(mCanvas, &MapCanvas::renderFinished, this,
          [this](double ms) { mRenderTime->setText(tr("Rendered in %1 ms").arg(ms, 0, 'f', 0)); });
}

bool MainWindow::openProject(const QString &path, bool quiet)
{
  if (isOpening()) {
    statusBar()->showMessage(tr("Another project is being opened"), 5000);
    return false;
  }
  mQuietNext = quiet;
  setInteractive(false);
  QApplication::setOverrideCursor(Qt::BusyCursor);
  mProject->open(path);
  return true;
}

void MainWindow::setInteractive(bool interactive)
{
  if (!interactive) {
    // Whatever could start another action (menus, shortcuts, tool bars, docks, the map's tools)
    // is disabled while the project is read, and restored before the new project is set up.
    for (QAction *a : findChildren<QAction *>())
      if (a->isEnabled()) {
        mDisabledActions.emplace_back(a);
        a->setEnabled(false);
      }
    std::vector<QWidget *> widgets{menuBar(), mCanvas};
    for (QToolBar *t : findChildren<QToolBar *>())
      widgets.push_back(t);
    for (QDockWidget *d : findChildren<QDockWidget *>())
      widgets.push_back(d);
    for (QWidget *w : widgets)
      if (w->isEnabled()) {
        mDisabledWidgets.emplace_back(w);
        w->setEnabled(false);
      }
    return;
  }
  for (auto &a : std::exchange(mDisabledActions, {}))
    if (a) a->setEnabled(true);
  for (auto &w : std::exchange(mDisabledWidgets, {}))
    if (w) w->setEnabled(true);
  QApplication::restoreOverrideCursor();
}

void MainWindow::onOpenFailed(const QString &path, core::Project::OpenError error, const QString &message)
{
  setInteractive(true);
  const bool quiet = mQuietNext;
  if (!quiet && error == core::Project::OpenError::NeedsPassword) {
    // A server project from the recent list (kept without its password) or typed without one.
    bool ok = false;
    const QString password = QInputDialog::getText(
        this, tr("Open project"), tr("%1\n\nPassword:").arg(message), QLineEdit::Password, QString(), &ok);
    if (ok) {
      openProject(
          QString::fromStdString(data::connectionWithPassword(path.toStdString(), password.toStdString())),
          quiet);
      return;
    }
  } else if (!quiet) {
    QMessageBox::warning(this, tr("Open project"), message);
  }
  emit openFinished(false);
}

void MainWindow::onOpened()
{
  setInteractive(true);
  files::removeOpenProject(mOpenPath);
  mOpenPath = projectPath();
  files::addOpenProject(mOpenPath);
  mQuiet = mQuietNext;
  layers::MapSettings options = mLayerTree->options();
  options.chinese = QLocale().language() == QLocale::Chinese;
  const QString title = mProject->title();
  setWindowTitle(QStringLiteral("%1 — %2%3%4")
                     .arg(title.isEmpty() ? QFileInfo(mOpenPath).fileName() : title, tr("PlanMap"),
                          mProject->isSynthetic() ? tr(" (synthetic sample data)") : QString(),
                          isReadOnly() ? tr(" (read only)") : QString()));
  const std::shared_ptr<const layers::MapData> map = mapData();
  mCoords->setCrs(map->epsg());
  mLayerTree->setMapData(*map, options);
  mCanvas->setViewOptions(mLayerTree->options());
  mCanvas->setMapData(map);
  mCanvas->zoomToFullExtent();
  mSearch->setMapData(map);
  mIdentify->clear();
  addRecent(mOpenPath);
  emit projectOpened();
  emit openFinished(true);
}

void MainWindow::setLoading(bool loading, const QString &message)
{
  if (loading) {
    statusBar()->showMessage(message);
    mProgress->show();
  } else if (!mProject->isOpening()) {
    mProgress->hide();
    statusBar()->clearMessage();
  }
}

bool MainWindow::isBusy() const
{
  return mProject->isBusy() || (mLeadership && mLeadership->isBusy()) || (mField && mField->isBusy());
}

bool MainWindow::waitUntilIdle(int timeoutMs)
{
  QElapsedTimer t;
  t.start();
  while (isBusy() && t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (isBusy()) QThread::msleep(1);
  }
  return !isBusy();
}

void MainWindow::askAsOf()
{
  bool ok = false;
  const QString date = QInputDialog::getText(
      this, tr("Show as of date"), tr("Date (YYYY-MM-DD, empty = today)"), QLineEdit::Normal, asOf(), &ok);
  if (!ok) return;
  if (!date.isEmpty() && !QDate::fromString(date, Qt::ISODate).isValid()) {
    QMessageBox::warning(this, tr("Show as of date"), tr("'%1' is not a date YYYY-MM-DD").arg(date));
    return;
  }
  mProject->setAsOf(date);
}

void MainWindow::onOptionsChanged(const layers::MapSettings &options)
{
  layers::MapSettings o = options;
  // The village theme (LeadershipController) and its figures stay until it is switched off.
  const bool villages = mCanvas->settings().theme == layers::Theme::VillageProgress;
  o.theme = mWaterTheme->isChecked() ? layers::Theme::WaterQuality
            : villages               ? layers::Theme::VillageProgress
                                     : layers::Theme::Status;
  o.villageShare = mCanvas->settings().villageShare;
  o.labels = mLabels->isChecked();
  mCanvas->setViewOptions(o);
}

void MainWindow::onSelection(const std::vector<layers::MapHit> &hits, const gis::Point &mapPoint)
{
  const std::shared_ptr<const layers::MapData> map = mapData();
  if (!store() || !map) return;
  if (hits.empty()) {
    mIdentify->clear();
    return;
  }
  const std::set<std::int64_t> ids = mCanvas->selection();
  if (ids.size() > 1) {
    mIdentify->showCount(static_cast<int>(ids.size()));
    return;
  }
  std::optional<gis::Point> lonLat;
  try {
    lonLat = gis::Transform(map->epsg(), gis::kWgs84).forward(mapPoint);
  } catch (const std::exception &) {
    lonLat.reset();
  }
  mIdentify->showFeature(*store(), *map, hits.front().featureId, lonLat);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
  mProject->cancelOpen(); // a read still running is dropped (the project waits for it)
  QSettings settings;
  settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("mainWindow/state"), saveState());
  event->accept();
}

} // namespace app
