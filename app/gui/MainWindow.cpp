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
#include <QFutureWatcher>
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
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace app {

namespace {

// A map read on a worker: the store it came from (kept open while read), the map, or the error.
struct MapRead
{
  std::shared_ptr<data::Store> store;
  std::shared_ptr<const layers::MapData> map;
  std::string error;
  bool fieldCopy = false; // an opened project is a field copy (data::isFieldCopy)
};

// `store` is the open project's (a reload) or null: then the project at `path` is opened and
// returned with its map (the future keeps a reload's store out of its result, so nothing holds
// the file open once the read is done).
MapRead readMap(std::shared_ptr<data::Store> store, const std::string &path, const std::string &asOf)
{
  MapRead r;
  try {
    if (!store) {
      r.store = std::shared_ptr<data::Store>(data::openProject(path));
      // Asked here once: data::isFieldCopy opens the file again (a SpatiaLite connection's set-up
      // is milliseconds of the GUI thread, and the actions asked it at every change of user).
      r.fieldCopy = !data::isConnectionString(path) && data::isFieldCopy(path);
    }
    r.map = layers::MapData::fromStore(store ? *store : *r.store, asOf);
  } catch (const std::exception &e) {
    r.store.reset();
    r.error = e.what();
    r.map.reset();
  }
  return r;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
  mFreePool.setMaxThreadCount(1);
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
  // Each controller adds its docks, actions and status-bar parts and follows projectOpened().
  mGuard = new ProjectGuard(this);
  mField = new FieldController(this);
  mLeadership = new LeadershipController(this);
  mImport = new ImportController(this);

  connect(mLayerTree, &LayerTreeDock::optionsChanged, this, &MainWindow::onOptionsChanged);
  connect(mLayerTree, &LayerTreeDock::zoomToLayerRequested, mCanvas, &MapCanvas::zoomToLayer);
  connect(mSearch, &SearchDock::featureActivated, this, [this](std::int64_t id) {
    mCanvas->zoomToFeature(id);
    if (mStore && mData) mIdentify->showFeature(*mStore, *mData, id, std::nullopt);
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
  files::removeOpenProject(mPath);
  mReadPool.waitForDone(); // a read still running holds the store
  mFreePool.waitForDone();
}

template <class T> void MainWindow::releaseLater(std::shared_ptr<T> old)
{
  if (!old) return;
  mFreePool.start([old = std::move(old)]() mutable { old.reset(); });
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
  if (mOpening) {
    statusBar()->showMessage(tr("Another project is being opened"), 5000);
    return false;
  }
  // The project is read on a worker; this call waits in a local event loop so the window keeps
  // painting (and callers keep a synchronous call). Whatever could re-enter (menus, shortcuts, tool
  // bars, docks, the map's tools) is disabled meanwhile and restored before the new project is
  // set up; closing the window waits for the end of the read.
  mOpening = true;
  std::vector<QPointer<QAction>> actions;
  for (QAction *a : findChildren<QAction *>())
    if (a->isEnabled()) {
      actions.emplace_back(a);
      a->setEnabled(false);
    }
  std::vector<QPointer<QWidget>> widgets;
  for (QWidget *w : std::initializer_list<QWidget *>{menuBar(), mCanvas})
    widgets.emplace_back(w);
  for (QToolBar *t : findChildren<QToolBar *>())
    widgets.emplace_back(t);
  for (QDockWidget *d : findChildren<QDockWidget *>())
    widgets.emplace_back(d);
  for (auto &w : widgets)
    if (w && w->isEnabled())
      w->setEnabled(false);
    else
      w = nullptr;
  setLoading(true, tr("Opening %1…")
                       .arg(data::isConnectionString(path.toStdString())
                                ? QString::fromStdString(data::connectionWithoutPassword(path.toStdString()))
                                : QFileInfo(path).fileName()));
  QApplication::setOverrideCursor(Qt::BusyCursor);

  QFutureWatcher<MapRead> watcher;
  QEventLoop loop;
  connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
  watcher.setFuture(QtConcurrent::run(&mReadPool, readMap, std::shared_ptr<data::Store>(), path.toStdString(),
                                      mAsOf.toStdString()));
  loop.exec();
  MapRead read = watcher.future().takeResult();

  for (auto &a : actions)
    if (a) a->setEnabled(true);
  for (auto &w : widgets)
    if (w) w->setEnabled(true);
  QApplication::restoreOverrideCursor();
  mOpening = false;
  setLoading(false);
  if (mCloseWhenOpened) {
    mCloseWhenOpened = false;
    QTimer::singleShot(0, this, &QWidget::close);
  }
  if (!read.map) {
    if (!quiet && data::isConnectionString(path.toStdString()) && data::needsPassword(read.error)) {
      // A server project from the recent list (kept without its password) or typed without one.
      bool ok = false;
      const QString password = QInputDialog::getText(
          this, tr("Open project"), tr("%1\n\nPassword:").arg(QString::fromStdString(read.error)),
          QLineEdit::Password, QString(), &ok);
      if (!ok) return false;
      return openProject(
          QString::fromStdString(data::connectionWithPassword(path.toStdString(), password.toStdString())),
          quiet);
    }
    if (!quiet) QMessageBox::warning(this, tr("Open project"), QString::fromStdString(read.error));
    return false;
  }
  if (mStore) emit projectClosing();
  // The previous project's map and connection are let go on a worker, after the views dropped them.
  std::shared_ptr<data::Store> oldStore = std::exchange(mStore, std::move(read.store));
  std::shared_ptr<const layers::MapData> oldMap = std::exchange(mData, std::move(read.map));
  ++mMapGeneration; // reads of the previous project still running are dropped
  mReloadPending = mWritePending = false;
  files::removeOpenProject(mPath);
  mPath = path;
  files::addOpenProject(mPath);
  mFieldCopy = read.fieldCopy;
  mReadOnly = !mStore->readOnlyReason().empty();
  layers::MapSettings options = mLayerTree->options();
  mQuiet = quiet;
  options.chinese = QLocale().language() == QLocale::Chinese;
  const QString title = QString::fromStdString(mStore->meta("title"));
  setWindowTitle(QStringLiteral("%1 — %2%3%4")
                     .arg(title.isEmpty() ? QFileInfo(path).fileName() : title, tr("PlanMap"),
                          mStore->isSynthetic() ? tr(" (synthetic sample data)") : QString(),
                          mReadOnly ? tr(" (read only)") : QString()));
  mCoords->setCrs(mData->epsg());
  mLayerTree->setMapData(*mData, options);
  mCanvas->setViewOptions(mLayerTree->options());
  mCanvas->setMapData(mData);
  mCanvas->zoomToFullExtent();
  mSearch->setMapData(mData);
  releaseLater(std::move(oldMap));
  releaseLater(std::move(oldStore));
  mIdentify->clear();
  addRecent(path);
  emit projectOpened();
  return true;
}

void MainWindow::setLoading(bool loading, const QString &message)
{
  if (loading) {
    statusBar()->showMessage(message);
    mProgress->show();
  } else if (!mOpening && !mReloadRunning) {
    mProgress->hide();
    statusBar()->clearMessage();
  }
}

bool MainWindow::isBusy() const
{
  return mOpening || mReloadRunning || mReloadPending || (mLeadership && mLeadership->isBusy()) ||
         (mField && mField->isBusy());
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

void MainWindow::reloadMap()
{
  if (!mStore) return;
  mWritePending = true;
  if (mReloadRunning) {
    mReloadPending = true;
    return;
  }
  startReload();
}

void MainWindow::startReload()
{
  mReloadPending = false;
  if (!mStore) return;
  mReloadRunning = true;
  const bool afterWrite = std::exchange(mWritePending, false);
  const quint64 generation = mMapGeneration;
  const QString asOf = mAsOf;
  if (!mOpening)
    setLoading(true, asOf.isEmpty() ? tr("Reading the map…") : tr("Reading the map as of %1…").arg(asOf));
  auto *watcher = new QFutureWatcher<MapRead>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, asOf, afterWrite] {
    watcher->deleteLater();
    MapRead read = watcher->future().takeResult(); // the future keeps no reference to the map
    mReloadRunning = false;
    if (generation != mMapGeneration) { // another project was opened meanwhile
      releaseLater(std::move(read.map));
      if (mReloadPending)
        startReload();
      else
        setLoading(false);
      return;
    }
    // Newest wins: a map for a date that is no longer asked is dropped (the next read follows).
    const bool current = asOf == mAsOf;
    if (!current) mWritePending = mWritePending || afterWrite;
    if (current && !read.map && !mQuiet)
      QMessageBox::warning(this, tr("Map"), QString::fromStdString(read.error));
    if (current && read.map) {
      std::shared_ptr<const layers::MapData> old = std::exchange(mData, std::move(read.map));
      mCanvas->setMapData(mData);
      mSearch->setMapData(mData);
      releaseLater(std::move(old));
    }
    releaseLater(std::move(read.map)); // a map for a date no longer asked
    if (mReloadPending || (!current && mStore))
      startReload();
    else
      setLoading(false);
    if (current && mData) {
      if (afterWrite) emit dataChanged();
      emit mapReloaded();
    }
  });
  watcher->setFuture(QtConcurrent::run(&mReadPool, readMap, mStore, std::string(), asOf.toStdString()));
}

void MainWindow::setAsOf(const QString &date)
{
  if (date == mAsOf && mData && mData->asOf == date.toStdString() && !mReloadRunning) {
    emit asOfChanged(mAsOf);
    return;
  }
  mAsOf = date;
  if (mStore) {
    if (mReloadRunning)
      mReloadPending = true;
    else
      startReload();
  }
  emit asOfChanged(mAsOf);
}

void MainWindow::askAsOf()
{
  bool ok = false;
  const QString date = QInputDialog::getText(
      this, tr("Show as of date"), tr("Date (YYYY-MM-DD, empty = today)"), QLineEdit::Normal, mAsOf, &ok);
  if (!ok) return;
  if (!date.isEmpty() && !QDate::fromString(date, Qt::ISODate).isValid()) {
    QMessageBox::warning(this, tr("Show as of date"), tr("'%1' is not a date YYYY-MM-DD").arg(date));
    return;
  }
  setAsOf(date);
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
  if (!mStore || !mData) return;
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
    lonLat = gis::Transform(mData->epsg(), gis::kWgs84).forward(mapPoint);
  } catch (const std::exception &) {
    lonLat.reset();
  }
  mIdentify->showFeature(*mStore, *mData, hits.front().featureId, lonLat);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
  if (mOpening) { // closes once the project is read (openProject is waiting for it)
    mCloseWhenOpened = true;
    event->ignore();
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("mainWindow/state"), saveState());
  event->accept();
}

} // namespace app
