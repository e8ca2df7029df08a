#include "app/gui/LeadershipController.h"

#include "app/core/Project.h"
#include "app/core/ProjectFigures.h"
#include "app/gui/Charts.h"
#include "app/gui/ConflictDialog.h"
#include "app/gui/Dashboard.h"
#include "app/gui/FieldController.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/IdentifyDock.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/MeasurementDialog.h"
#include "app/gui/TakeOfflineDialog.h"
#include "app/gui/TimeSlider.h"
#include "app/gui/VillageTable.h"
#include "data/postgis/PgChangeFeed.h"
#include "data/postgis/PgConnection.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "layers/edit/EditCommands.h"
#include "layers/report/Report.h"
#include "layers/report/TableExport.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QUndoStack>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

namespace app {

namespace {

// Restores the cursor however the work ends.
struct BusyCursor
{
  BusyCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
  ~BusyCursor() { QApplication::restoreOverrideCursor(); }
  BusyCursor(const BusyCursor &) = delete;
  BusyCursor &operator=(const BusyCursor &) = delete;
};

constexpr int kMapPauseMs = 150;     // map reloads while the date moves: at most one per pause
constexpr int kRefreshPauseMs = 100; // server changes arriving together: one refresh

} // namespace

LeadershipController::LeadershipController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
    , mProject(window->project())
    , mPrepLane(window->project()->tasks().addLane(QStringLiteral("leadership views"),
                                                   core::TaskRunner::Policy::LatestWins))
{
  mMapTimer.setSingleShot(true);
  mMapTimer.setInterval(kMapPauseMs);
  connect(&mMapTimer, &QTimer::timeout, this, &LeadershipController::flushMap);
  mLiveTimer.setSingleShot(true);
  mLiveTimer.setInterval(kRefreshPauseMs);
  connect(&mLiveTimer, &QTimer::timeout, this, &LeadershipController::liveRefresh);

  // The dashboard, the village table and the charts show one snapshot of figures computed on a
  // worker, shown together with the map of the same date.
  mFigures = new core::ProjectFigures(this);
  connect(mFigures, &core::ProjectFigures::ready, this, &LeadershipController::onFigures);
  connect(mFigures, &core::ProjectFigures::failed, this, [this](const QString &message) {
    mWindow->statusBar()->showMessage(tr("The figures cannot be computed: %1").arg(message), 10000);
  });
  createDocks();
  createActions();
  connect(window->project(), &core::Project::projectOpened, this, &LeadershipController::onProjectOpened);
  connect(window->project(), &core::Project::projectClosing, this, &LeadershipController::onProjectClosing);
  connect(window->project(), &core::Project::asOfChanged, this, &LeadershipController::onWindowAsOf);
  connect(window->project(), &core::Project::mapReloaded, this, &LeadershipController::onMapReloaded);
  connect(window->project(), &core::Project::dataChanged, this, &LeadershipController::onDataChanged);
  // Whether the writes since the last refresh were all marks (then only their events are re-read).
  if (FieldController *field = window->fieldController()) {
    QUndoStack *stack = field->undoStack();
    connect(stack, &QUndoStack::indexChanged, this, [this, stack](int index) {
      const QUndoCommand *c = stack->command(index > mUndoIndex ? index - 1 : index);
      if (!dynamic_cast<const layers::MarkCommand *>(c)) mMarksOnly = false;
      mUndoIndex = index;
    });
  }
  updateActions();
}

LeadershipController::~LeadershipController()
{
  stopFeed();
}

QList<QDockWidget *> LeadershipController::docks() const
{
  return {mDashboardDock, mTimeDock, mVillageDock, mChartsDock};
}

void LeadershipController::createDocks()
{
  auto dock = [this](const QString &title, const char *name, QWidget *widget) {
    auto *d = new QDockWidget(title, mWindow);
    d->setObjectName(QString::fromLatin1(name));
    d->setWidget(widget);
    return d;
  };
  mDashboard = new Dashboard;
  mSlider = new TimeSlider;
  mVillages = new VillageTable;
  mCharts = new ChartsPanel;
  mDashboardDock = dock(tr("Dashboard"), "DashboardDock", mDashboard);
  mTimeDock = dock(tr("As of"), "TimeDock", mSlider);
  mTimeDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
  mVillageDock = dock(tr("Villages"), "VillageDock", mVillages);
  mChartsDock = dock(tr("Charts"), "ChartsDock", mCharts);

  // The dashboard in front of the layer tree on the left (full height; the right side belongs to
  // identify and marking), the date above the map, the village table and the charts under it.
  mWindow->addDockWidget(Qt::LeftDockWidgetArea, mDashboardDock);
  if (QDockWidget *layers = mWindow->layerTree()) mWindow->tabifyDockWidget(layers, mDashboardDock);
  mDashboardDock->raise();
  mWindow->addDockWidget(Qt::TopDockWidgetArea, mTimeDock);
  mWindow->addDockWidget(Qt::BottomDockWidgetArea, mVillageDock);
  mWindow->tabifyDockWidget(mVillageDock, mChartsDock);
  mVillageDock->raise();
  // Sizes once the window is laid out, unless the user's own layout is restored.
  if (!QSettings().contains(QStringLiteral("mainWindow/state")))
    QTimer::singleShot(0, this, [this] {
      mWindow->resizeDocks({mDashboardDock}, {370}, Qt::Horizontal);
      mWindow->resizeDocks({mVillageDock}, {mWindow->height() / 5}, Qt::Vertical);
    });

  QMenu *view = mWindow->viewMenu();
  view->addSeparator();
  for (QDockWidget *d : docks())
    view->addAction(d->toggleViewAction());

  connect(mSlider, &TimeSlider::asOfChanged, this, &LeadershipController::onSliderDate);
  mSlider->setReadyCheck([this] { return !mMapTimer.isActive() && !mWindow->isBusy(); });
  connect(mDashboard, &Dashboard::targetActivated, this,
          [this](const QString &targetId, const QList<qint64> &ids, const QList<qint64> &) {
            const std::set<std::int64_t> selection(ids.begin(), ids.end());
            mWindow->canvas()->setSelection(selection);
            mWindow->canvas()->zoomToSelection();
            mCharts->setTarget(targetId);
            if (mVillageTheme->isChecked()) applyVillageTheme();
          });
  auto showFeature = [this](qint64 id) {
    mWindow->canvas()->zoomToFeature(id);
    if (mProject->store() && mProject->mapData())
      mWindow->identifyDock()->showFeature(*mProject->store(), *mProject->mapData(), id, std::nullopt);
  };
  connect(mDashboard, &Dashboard::featureActivated, this, showFeature);
  connect(mDashboard, &Dashboard::targetFeaturesWanted, this,
          [this](const QString &target, const QDate &date) {
            if (mHasPlan && date == mAsOf) mFigures->request(mAsOf, target);
          });
  connect(mVillages, &VillageTable::villageActivated, this, showFeature);
  connect(mVillages, &VillageTable::updated, this, [this] {
    if (mVillageTheme->isChecked()) applyVillageTheme();
  });
}

void LeadershipController::createActions()
{
  QMenu *file = mWindow->fileMenu();
  // Before "Quit", in their own section.
  QAction *quit = nullptr;
  for (QAction *a : file->actions())
    if (a->shortcut() == QKeySequence(QKeySequence::Quit)) quit = a;
  auto insert = [&](QAction *a) {
    file->insertAction(quit, a);
    return a;
  };
  auto action = [this](const QString &text, auto slot) {
    auto *a = new QAction(text, this);
    connect(a, &QAction::triggered, this, slot);
    return a;
  };
  mOpenServer = insert(action(tr("Open &server project…"), &LeadershipController::openServerDialog));
  mTakeOffline = insert(action(tr("Take &offline…"), &LeadershipController::takeOfflineDialog));
  mSync = insert(action(tr("S&ynchronise"), &LeadershipController::synchroniseDialog));
  file->insertSeparator(quit);
  mReport = insert(action(tr("&Report…"), &LeadershipController::reportDialog));
  mExportTable = insert(action(tr("Export &table…"), &LeadershipController::exportTableDialog));
  file->insertSeparator(quit);

  mMeasurement = action(tr("Add &measurement…"), &LeadershipController::measurementDialog);
  mWindow->projectMenu()->addAction(mMeasurement);
  if (FieldController *field = mWindow->fieldController())
    connect(field, &FieldController::userChanged, this, &LeadershipController::updateActions);

  mVillageTheme = new QAction(tr("Colour &villages by share done"), this);
  mVillageTheme->setCheckable(true);
  connect(mVillageTheme, &QAction::toggled, this, [this](bool on) {
    if (on) {
      applyVillageTheme();
      return;
    }
    layers::MapSettings s = mWindow->canvas()->settings();
    if (s.theme == layers::Theme::VillageProgress) s.theme = layers::Theme::Status;
    s.villageShare.clear();
    mWindow->canvas()->setViewOptions(s);
  });
  QMenu *view = mWindow->viewMenu();
  // Next to the other themes (before "Labels").
  QAction *before = nullptr;
  for (QAction *a : view->actions())
    if (a->isCheckable()) {
      before = a;
      break;
    }
  if (before) {
    // One theme at a time: checking water quality unchecks the village colours and back.
    auto *themes = new QActionGroup(this);
    themes->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    themes->addAction(before);
    themes->addAction(mVillageTheme);
    const auto all = view->actions();
    const auto i = all.indexOf(before);
    before = i + 1 < all.size() ? all[i + 1] : nullptr;
  }
  view->insertAction(before, mVillageTheme);
}

void LeadershipController::updateActions()
{
  const bool open = mProject->store() != nullptr;
  mReport->setEnabled(open && mHasPlan);
  mExportTable->setEnabled(open && mHasPlan);
  mVillageTheme->setEnabled(open && mHasPlan);
  const FieldController *field = mWindow->fieldController();
  mMeasurement->setEnabled(open && mHasPlan && field && field->isPlanner());
  mMeasurement->setToolTip(tr("Planners enter measured values of indicator targets"));
  mTakeOffline->setEnabled(isServerProject());
  mSync->setEnabled(isFieldCopy() && !mProject->isReadOnly()); // a sync writes the field copy too
}

bool LeadershipController::chinese() const
{
  return QLocale().language() == QLocale::Chinese;
}

bool LeadershipController::isServerProject() const
{
  return mProject->store() && data::isConnectionString(mProject->path().toStdString());
}

bool LeadershipController::isFieldCopy() const
{
  return mProject->isFieldCopy();
}

// ---- project

void LeadershipController::onProjectOpened()
{
  stopFeed();
  const data::Store *store = mProject->store();
  ++mOpenGeneration;
  mCardsPending = false;
  mHasPlan = false;
  mPlan = {};
  try {
    if (const auto record = store->plan()) {
      mPlan = layers::Plan::fromJson(record->json, mProject->path().toStdString());
      mHasPlan = true;
    }
  } catch (const std::exception &e) {
    mWindow->statusBar()->showMessage(
        tr("The project's plan cannot be read: %1").arg(QString::fromUtf8(e.what())), 10000);
  }
  const QString windowAsOf = mProject->asOf();
  const QDate today = QDate::currentDate();
  mAsOf = windowAsOf.isEmpty() ? today : QDate::fromString(windowAsOf, Qt::ISODate);
  releaseLater(std::move(mHeld));
  mChanged.clear();
  mMarksOnly = true;
  if (FieldController *field = mWindow->fieldController()) {
    mUndoIndex = field->undoStack()->index();
    if (layers::EditContext *ctx = field->context())
      connect(ctx, &layers::EditContext::featuresChanged, this,
              [this](const QList<qint64> &ids) { mChanged += ids; });
  }
  if (mHasPlan) {
    // The cards a turn of the event loop later (20 cards of labels: 5-15 ms of the GUI thread, on
    // top of the rest of opening): a timer, not a posted call, so that input and timers already due
    // run first. Every figure from the worker (reading the project there takes seconds for a large
    // one) comes after them.
    mCardsPending = true;
    QTimer::singleShot(1, this, [this, generation = mOpenGeneration] {
      if (generation == mOpenGeneration) makeCards();
    });
    mVillages->clear();
    mCharts->clear();
    mFigures->open(mProject->path(), mPlan, mAsOf);
    QDate first = QDate::fromString(QString::fromStdString(mPlan.startDate), Qt::ISODate);
    if (!first.isValid()) first = today.addYears(-1);
    const QDate last = std::max(today, mAsOf);
    mSlider->stop();
    {
      const QSignalBlocker block(mSlider); // everything is at mAsOf already
      mSlider->setRange(first, last);
      mSlider->setDate(mAsOf);
    }
    // About 150 frames (12 s) for a whole replay, however long the range.
    mSlider->setPlayStep(std::max(1, static_cast<int>(first.daysTo(last) / 150)));
  } else {
    mDashboard->clear();
    mVillages->clear();
    mCharts->clear();
  }
  for (QDockWidget *d : docks())
    d->widget()->setEnabled(mHasPlan);
  if (mVillageTheme->isChecked()) applyVillageTheme();
  if (isServerProject()) startFeed();
  updateActions();
}

void LeadershipController::makeCards()
{
  if (!mCardsPending) return;
  mCardsPending = false;
  if (mHasPlan) mDashboard->setPlan(mPlan, chinese(), tr("Computing the figures…"));
}

void LeadershipController::onProjectClosing()
{
  ++mOpenGeneration; // a deferred set-up of the cards is dropped
  mCardsPending = false;
  stopFeed();
  mMapTimer.stop();
  mLiveTimer.stop();
  mFigures->close();
  releaseLater(std::move(mHeld));
  ++mShowGeneration; // what is left of a snapshot being shown is dropped
  mLivePending = false;
  mSlider->stop();
  // The widgets refer to the store that is about to close.
  mDashboard->clear();
  mVillages->clear();
  mCharts->clear();
  mHasPlan = false;
}

// ---- as of

QString LeadershipController::isoAsOf() const
{
  // Today shows everything recorded ("" = all events), as the map does by default.
  return !mAsOf.isValid() || mAsOf >= QDate::currentDate() ? QString() : mAsOf.toString(Qt::ISODate);
}

void LeadershipController::setAsOf(const QDate &date)
{
  if (!date.isValid()) return;
  if (mSlider->date() != date) {
    mSlider->setDate(date); // comes back through onSliderDate
    if (mSlider->date() == date) return;
  }
  onSliderDate(date);
}

void LeadershipController::onSliderDate(const QDate &date)
{
  if (!date.isValid()) return;
  mAsOf = date;
  if (!mHasPlan) return;
  // The figures are computed on the worker now, the map read after a short pause; both are shown
  // together (onFigures, onMapReloaded).
  mFigures->request(date, mDashboard->selectedTarget());
  mPendingMapAsOf = isoAsOf();
  if (mSlider->isPlaying())
    flushMap(); // the replay paces itself on the map (setReadyCheck)
  else if (!mMapTimer.isActive())
    mMapTimer.start();
}

void LeadershipController::flushMap()
{
  mMapTimer.stop();
  if (!mProject->store() || mPendingMapAsOf == mProject->asOf()) return;
  mSettingMapAsOf = true;
  mProject->setAsOf(mPendingMapAsOf);
  mSettingMapAsOf = false;
}

void LeadershipController::onWindowAsOf(const QString &date)
{
  if (mSettingMapAsOf) return;
  // View ▸ Show as of date… : the slider and the figures follow the map.
  const QDate d = date.isEmpty() ? QDate::currentDate() : QDate::fromString(date, Qt::ISODate);
  mPendingMapAsOf = date;
  mSlider->setDate(d);
  mMapTimer.stop();
}

QString LeadershipController::mapDate(const QDate &date) const
{
  return !date.isValid() || date >= QDate::currentDate() ? QString() : date.toString(Qt::ISODate);
}

bool LeadershipController::isBusy() const
{
  return mFigures->isBusy() || mHeld != nullptr || mShowing > 0 || mCardsPending;
}

void LeadershipController::onFigures(const std::shared_ptr<const core::FigureSnapshot> &figures)
{
  if (!mHasPlan || !figures || figures->date != mAsOf) return; // another date was asked since
  const auto map = mProject->mapData();
  if (map && map->asOf == mapDate(figures->date).toStdString()) {
    releaseLater(std::move(mHeld));
    showFigures(figures);
  } else {
    releaseLater(std::exchange(mHeld, figures)); // shown with the map of its date
  }
}

void LeadershipController::onMapReloaded()
{
  const auto map = mProject->mapData();
  if (!mHeld || !map || map->asOf != mapDate(mHeld->date).toStdString()) return;
  std::shared_ptr<const core::FigureSnapshot> figures = std::move(mHeld);
  mHeld.reset();
  if (figures->date == mAsOf) showFigures(figures);
  releaseLater(std::move(figures));
}

void LeadershipController::releaseLater(std::shared_ptr<const core::FigureSnapshot> figures)
{
  // A snapshot holds the roll-up of every village (tens of thousands of small allocations at 4,563
  // villages): freed on the worker when the GUI thread's is the last reference.
  mProject->releaseLater(std::move(figures));
}

void LeadershipController::showFigures(const std::shared_ptr<const core::FigureSnapshot> &figures)
{
  // One widget per turn of the event loop: the dashboard, then the village table (thousands of
  // rows for a city), then the charts; a newer snapshot overtakes what is left of an older one.
  makeCards(); // when the figures overtook the timer
  const quint64 generation = ++mShowGeneration;
  ++mShowing;
  const bool zh = chinese();
  Dashboard::Figures d;
  d.date = figures->date;
  d.synthetic = figures->synthetic;
  d.burnUp = figures->burnUp;
  d.measurements = figures->measurements;
  d.target = figures->target;
  d.features = figures->targetFeatures;
  mDashboard->setFigures(std::move(d));
  // The village table's cells (texts for thousands of villages, sorted as the table is) and its copy
  // of the roll-up, and the charts' series are made on a worker; the rows and roll-up shown before
  // are freed there: 100-200 ms on the GUI thread at 4,563 villages.
  struct Prepared
  {
    VillageTable::Prepared villages;
    std::shared_ptr<const ChartsPanel::Prepared> charts;
  };
  core::TaskRunner &tasks = mProject->tasks();
  tasks.run(
      mPrepLane,
      [plan = mPlan, figures, zh, column = mVillages->sortColumn(),
       order = mVillages->sortOrder()](const core::TaskContext &) {
        return std::make_shared<Prepared>(
            Prepared{VillageTable::prepare(plan, figures->report.rollup, zh, column, order),
                     ChartsPanel::prepare(plan, figures->report, zh)});
      },
      [this, generation](core::TaskResult<std::shared_ptr<Prepared>> result) {
        std::shared_ptr<Prepared> prepared = result.value ? std::move(*result.value) : nullptr;
        if (!prepared || result.cancelled) { // a newer snapshot overtook it
          --mShowing;
          mProject->releaseLater(std::move(prepared));
          return;
        }
        if (generation == mShowGeneration && mHasPlan)
          mVillages->showPrepared(prepared->villages); // leaves the old roll-up and rows
        std::shared_ptr<const ChartsPanel::Prepared> charts = std::move(prepared->charts);
        mProject->releaseLater(std::move(prepared));
        QTimer::singleShot(0, this, [this, charts = std::move(charts), generation] {
          --mShowing;
          if (generation != mShowGeneration || !mHasPlan) return;
          mCharts->showPrepared(charts); // drawn when the charts can be seen
          if (mLivePending) {
            mLivePending = false;
            emit liveRefreshed();
          }
        });
      });
}

void LeadershipController::onDataChanged()
{
  // After a write (a mark, an edit, an import, a sync) the figures read the project again: only the
  // marked features' events when all writes were marks, everything otherwise.
  if (!mHasPlan || !mProject->store()) return;
  if (!mChanged.isEmpty() && mMarksOnly)
    mFigures->eventsChanged(mChanged, mAsOf, mDashboard->selectedTarget());
  else
    mFigures->reload(mAsOf, mDashboard->selectedTarget());
  mChanged.clear();
  mMarksOnly = true;
}

void LeadershipController::refreshFigures()
{
  if (!mHasPlan || !mProject->store()) return;
  mFigures->reload(mAsOf, mDashboard->selectedTarget());
}

// ---- village theme

std::map<std::int64_t, double> LeadershipController::villageShares(const QString &targetId) const
{
  std::map<std::int64_t, double> out;
  const std::vector<std::size_t> columns = layers::villageTargets(mPlan);
  for (const layers::VillageProgress &v : mVillages->rollup().villages) {
    int done = 0, total = 0;
    for (const layers::TargetProgress &p : v.targets) {
      const bool counted = std::any_of(columns.begin(), columns.end(),
                                       [&](std::size_t ti) { return mPlan.targets[ti].id == p.targetId; });
      if (!counted || (!targetId.isEmpty() && p.targetId != targetId.toStdString())) continue;
      done += p.featuresDone;
      total += p.featuresTotal;
    }
    if (total > 0) out[v.villageId] = static_cast<double>(done) / total;
  }
  return out;
}

QString LeadershipController::villageThemeTarget() const
{
  const QString selected = mDashboard->selectedTarget();
  for (std::size_t ti : layers::villageTargets(mPlan))
    if (QString::fromStdString(mPlan.targets[ti].id) == selected) return selected;
  return {};
}

void LeadershipController::applyVillageTheme()
{
  if (!mHasPlan) return;
  layers::MapSettings s = mWindow->canvas()->settings();
  s.theme = layers::Theme::VillageProgress;
  s.villageShare = villageShares(villageThemeTarget());
  s.villageLayer = mPlan.villageLayer;
  mWindow->canvas()->setViewOptions(s);
  const QString target = villageThemeTarget();
  const layers::Target *t = target.isEmpty() ? nullptr : mPlan.target(target.toStdString());
  mWindow->statusBar()->showMessage(
      tr("Villages coloured by share done: %1")
          .arg(t ? QString::fromStdString(layers::targetName(*t, chinese())) : tr("all located targets")),
      8000);
}

// ---- reports

layers::ReportData LeadershipController::writeReport(const QString &pdfPath)
{
  if (!mProject->store() || !mHasPlan) throw std::runtime_error("no project with a plan is open");
  layers::ReportOptions options;
  options.asOf = isoAsOf().toStdString();
  options.chinese = chinese();
  return layers::writeReport(*mProject->store(), mPlan, pdfPath.toStdString(), options);
}

void LeadershipController::exportTable(const QString &table, const QString &path)
{
  if (!mProject->store() || !mHasPlan) throw std::runtime_error("no project with a plan is open");
  if (table != QLatin1String("targets") && table != QLatin1String("villages"))
    throw std::runtime_error("unknown table '" + table.toStdString() + "' (targets or villages)");
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext != QLatin1String("csv") && ext != QLatin1String("xlsx"))
    throw std::runtime_error(path.toStdString() + ": the file name must end in .csv or .xlsx");
  const bool zh = chinese();
  const layers::ReportData data =
      layers::collectReportData(*mProject->store(), mPlan, isoAsOf().toStdString());
  const layers::ReportTable t = table == QLatin1String("targets") ? layers::targetTable(mPlan, data, zh)
                                                                  : layers::villageTable(mPlan, data, zh);
  layers::TableNotes notes;
  notes.title = zh ? mPlan.titleZh : mPlan.titleEn;
  notes.lines.push_back(mPlan.docNumber);
  notes.lines.push_back((zh ? "截至 " : "as of ") + data.asOf);
  if (data.synthetic) notes.lines.push_back("合成示例数据 / synthetic sample data");
  layers::exportTable(t, path.toStdString(), table.toStdString(), notes);
}

void LeadershipController::reportDialog()
{
  if (!mHasPlan) return;
  const QString date = mAsOf.toString(Qt::ISODate);
  const QString dir = isServerProject() ? QString() : QFileInfo(mProject->path()).absolutePath();
  const QString path = files::saveFile(mWindow, tr("Report"),
                                       dir + QStringLiteral("/report-%1.pdf").arg(date), tr("PDF (*.pdf)"));
  if (path.isEmpty() || !files::checkOutput(mWindow, path, true).isEmpty()) return;
  try {
    BusyCursor busy;
    mWindow->statusBar()->showMessage(tr("Writing the report…"));
    QApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    writeReport(path);
  } catch (const std::exception &e) {
    mWindow->statusBar()->clearMessage();
    QMessageBox::warning(mWindow, tr("Report"), QString::fromUtf8(e.what()));
    return;
  }
  mWindow->statusBar()->showMessage(tr("Report written to %1").arg(path), 10000);
  QMessageBox::information(mWindow, tr("Report"),
                           tr("The report as of %1 was written to\n%2").arg(date, path));
}

void LeadershipController::exportTableDialog()
{
  if (!mHasPlan) return;
  const QStringList tables{tr("Targets"), tr("Villages")};
  bool ok = false;
  const QString choice =
      QInputDialog::getItem(mWindow, tr("Export table"), tr("Table"), tables, 0, false, &ok);
  if (!ok) return;
  const QString table = choice == tables[1] ? QStringLiteral("villages") : QStringLiteral("targets");
  const QString dir = isServerProject() ? QString() : QFileInfo(mProject->path()).absolutePath();
  QString filter;
  const QString chosen =
      files::saveFile(mWindow, tr("Export table"),
                      dir + QStringLiteral("/%1-%2.xlsx").arg(table, mAsOf.toString(Qt::ISODate)),
                      tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"), &filter);
  if (chosen.isEmpty()) return;
  QString path = chosen;
  if (QFileInfo(path).suffix().isEmpty())
    path += filter.contains(QLatin1String("csv")) ? QStringLiteral(".csv") : QStringLiteral(".xlsx");
  // A suffix added here names a file the dialog did not ask about.
  if (!files::checkOutput(mWindow, path, QFileInfo(path).fileName() == QFileInfo(chosen).fileName())
           .isEmpty())
    return;
  try {
    BusyCursor busy;
    exportTable(table, path);
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Export table"), QString::fromUtf8(e.what()));
    return;
  }
  mWindow->statusBar()->showMessage(tr("Table written to %1").arg(path), 10000);
}

void LeadershipController::measurementDialog()
{
  data::Store *store = mProject->mutableStore();
  const FieldController *field = mWindow->fieldController();
  if (!store || !mHasPlan || !field) return;
  const auto user = field->currentUser();
  if (!user || user->role != data::Role::Planner) {
    QMessageBox::information(mWindow, tr("Add measurement"),
                             tr("Only a planner enters measurements; choose a planner as the current user."));
    return;
  }
  auto *dialog = new MeasurementDialog(*store, mPlan, QString::fromStdString(user->name), chinese(), mWindow);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  const QString selected = mDashboard->selectedTarget();
  if (const layers::Target *t = mPlan.target(selected.toStdString()); t && !t->isLocated())
    dialog->setTarget(selected);
  dialog->setDate(mAsOf);
  connect(dialog, &MeasurementDialog::measurementAdded, this, [this] { refreshFigures(); });
  dialog->open();
}

// ---- server

void LeadershipController::openServerDialog()
{
  bool ok = false;
  const QString text =
      QInputDialog::getText(mWindow, tr("Open server project"),
                            tr("Connection string (postgresql://user@host:port/database) or service=name"),
                            QLineEdit::Normal, isServerProject() ? mProject->path() : QString(), &ok);
  if (!ok || text.trimmed().isEmpty()) return;
  if (!data::isConnectionString(text.trimmed().toStdString())) {
    QMessageBox::warning(mWindow, tr("Open server project"),
                         tr("'%1' is not a connection string (postgresql://… or service=…)").arg(text));
    return;
  }
  BusyCursor busy;
  mWindow->openProject(text.trimmed());
}

data::CheckoutResult LeadershipController::takeOffline(data::CheckoutRequest request)
{
  if (!isServerProject()) throw std::runtime_error("the open project is not a server project");
  request.server = mProject->path().toStdString();
  return data::checkout(request);
}

void LeadershipController::takeOfflineDialog()
{
  if (!isServerProject() || !mProject->store()) return;
  std::optional<gis::Envelope> extent;
  if (mProject->mapData()) {
    try {
      const gis::Envelope e = mWindow->canvas()->extent();
      const gis::Transform toLonLat(mProject->mapData()->epsg(), gis::kWgs84);
      const gis::Point a = toLonLat.forward({e.minX, e.minY}), b = toLonLat.forward({e.maxX, e.maxY});
      extent = gis::Envelope{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    } catch (const std::exception &) {
      extent.reset();
    }
  }
  QString user;
  if (const FieldController *field = mWindow->fieldController(); field && field->currentUser())
    user = QString::fromStdString(field->currentUser()->name);
  TakeOfflineDialog dialog(*mProject->store(), extent, user, mWindow);
  if (dialog.exec() != QDialog::Accepted) return;
  const data::CheckoutRequest request = dialog.request();
  data::CheckoutResult r;
  try {
    BusyCursor busy;
    r = takeOffline(request);
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Take offline"), QString::fromUtf8(e.what()));
    return;
  }
  const QString out = QString::fromStdString(request.out);
  const auto answer = QMessageBox::question(
      mWindow, tr("Take offline"),
      tr("%1 features, %2 events and %3 photos were copied to\n%4\n\nOpen the field copy now?")
          .arg(r.features)
          .arg(r.events)
          .arg(r.photos)
          .arg(out));
  if (answer == QMessageBox::Yes) mWindow->openProject(out);
}

data::SyncResult LeadershipController::synchronise()
{
  if (!isFieldCopy()) throw std::runtime_error("the open project is not a field copy");
  const data::SyncResult r = data::synchronise(mProject->path().toStdString());
  mProject->reloadMap(); // the figures follow through mapReloaded
  return r;
}

void LeadershipController::synchroniseDialog()
{
  if (!isFieldCopy()) return;
  data::SyncResult r;
  try {
    BusyCursor busy;
    r = synchronise();
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Synchronise"), QString::fromUtf8(e.what()));
    return;
  }
  const QString summary = tr("Pushed %1 events, %2 photos, %3 edits; pulled %4 events, %5 photos, %6 edits.")
                              .arg(r.pushedEvents)
                              .arg(r.pushedPhotos)
                              .arg(r.pushedEdits)
                              .arg(r.pulledEvents)
                              .arg(r.pulledPhotos)
                              .arg(r.pulledEdits);
  mWindow->statusBar()->showMessage(summary, 15000);
  if (!r.refused.empty()) {
    // Features made here that the server would not take: they stay in the copy until mended.
    QStringList lines;
    for (const data::SyncRefused &f : r.refused)
      lines << tr("%1 %2: %3")
                   .arg(QString::fromStdString(f.code), QString::fromStdString(f.name),
                        QString::fromStdString(f.reason));
    QMessageBox::warning(
        mWindow, tr("Synchronise"),
        tr("%1\n\nNot pushed (kept in this copy, sent at a later synchronisation once mended):\n%2")
            .arg(summary, lines.join(QLatin1Char('\n'))));
  }
  if (r.conflicts.empty()) {
    if (r.refused.empty()) QMessageBox::information(mWindow, tr("Synchronise"), summary);
    return;
  }
  showConflicts(r.conflicts);
}

void LeadershipController::resolveConflict(const data::SyncConflict &conflict, data::Resolution resolution)
{
  if (!isFieldCopy()) throw std::runtime_error("the open project is not a field copy");
  data::resolveConflict(mProject->path().toStdString(), conflict, resolution);
  mProject->reloadMap();
}

void LeadershipController::showConflicts(const std::vector<data::SyncConflict> &conflicts)
{
  auto *dialog = new ConflictDialog(mProject->path(), conflicts, mWindow);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ConflictDialog::resolveRequested, this,
          [this, dialog](const data::SyncConflict &c, data::Resolution r) {
            try {
              resolveConflict(c, r);
              dialog->markResolved(c);
            } catch (const std::exception &e) {
              QMessageBox::warning(dialog, tr("Resolve conflict"), QString::fromUtf8(e.what()));
            }
          });
  connect(dialog, &ConflictDialog::showRequested, this, [this](const data::SyncConflict &c) {
    if (!mProject->store()) return;
    if (const auto f = mProject->store()->featureByCode(c.code)) mWindow->canvas()->zoomToFeature(f->id);
  });
  dialog->show();
}

// ---- live refresh

void LeadershipController::startFeed()
{
  try {
    mFeed = std::make_unique<data::PgChangeFeed>(mProject->path().toStdString());
  } catch (const std::exception &e) {
    mWindow->statusBar()->showMessage(
        tr("No live updates from the server: %1").arg(QString::fromUtf8(e.what())), 10000);
    return;
  }
  mFeedNotifier = new QSocketNotifier(mFeed->socket(), QSocketNotifier::Read, this);
  connect(mFeedNotifier, &QSocketNotifier::activated, this, &LeadershipController::onFeedReadable);
}

void LeadershipController::stopFeed()
{
  delete mFeedNotifier;
  mFeedNotifier = nullptr;
  mFeed.reset();
}

void LeadershipController::onFeedReadable()
{
  if (!mFeed) return;
  std::vector<data::StoreChange> changes;
  try {
    changes = mFeed->poll(0);
  } catch (const std::exception &e) {
    stopFeed();
    mWindow->statusBar()->showMessage(tr("Live updates stopped: %1").arg(QString::fromUtf8(e.what())), 10000);
    return;
  }
  if (changes.empty()) return;
  // Marks arriving together cost one reload.
  if (!mLiveTimer.isActive()) mLiveTimer.start();
}

void LeadershipController::liveRefresh()
{
  if (!mProject->store()) return;
  // The map is read again, then the figures (dataChanged); liveRefreshed once they are shown.
  mLivePending = true;
  mProject->reloadMap();
}

} // namespace app
