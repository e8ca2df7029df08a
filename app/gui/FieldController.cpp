#include "app/gui/FieldController.h"

#include "app/core/Project.h"
#include "app/gui/ActionNotice.h"
#include "app/gui/FileDialogs.h"

#include "app/gui/AddFeatureTool.h"
#include "app/gui/FeatureForm.h"
#include "app/gui/FeatureFormDialog.h"
#include "app/gui/FieldOverlays.h"
#include "app/gui/HistoryView.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/LonLatTransform.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/MarkStretchTool.h"
#include "app/gui/MarkingPanel.h"
#include "app/gui/MoveFeatureTool.h"
#include "app/gui/PhotoPins.h"
#include "app/gui/SearchDock.h"
#include "app/gui/Snapper.h"
#include "app/gui/SplitTool.h"
#include "app/gui/TrackReviewDialog.h"
#include "app/gui/UserDialog.h"
#include "app/gui/VertexTool.h"
#include "data/store/Store.h"
#include "gis/LinearRef.h"
#include "layers/edit/EditCommands.h"
#include "layers/plan/TrackMatcher.h"

#include <QAction>
#include <QActionGroup>
#include <QDialog>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

#include <set>

namespace app {

namespace {

QString q(const std::string &s)
{
  return QString::fromStdString(s);
}

} // namespace

FieldController::FieldController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
    , mCanvas(window->canvas())
    , mProject(window->project())
    , mTransform(std::make_unique<LonLatTransform>(*mProject))
    , mSnapper(std::make_unique<Snapper>(*mProject, *window->canvas()))
    , mPhotos(new PhotoPins(*mProject, window))
{
  mPreview = std::make_unique<StretchPreviewOverlay>();
  mPinOverlay = std::make_unique<PhotoPinOverlay>(*mPhotos, *mTransform,
                                                  [this](const QString &uuid) { showPhoto(uuid); });
  mPhotos->setParent(this); // its reads end with this controller
  connect(mPhotos, &PhotoPins::shown, this, &FieldController::photoShown);
  MapCanvas *canvas = window->canvas();
  canvas->addOverlay(mPinOverlay.get());
  canvas->addOverlay(mPreview.get());
  mMarkTool = std::make_unique<MarkStretchTool>(*this, *canvas);
  mAddTool = std::make_unique<AddFeatureTool>(*this, *canvas);
  mMoveTool = std::make_unique<MoveFeatureTool>(*this, *canvas);
  mVertexTool = std::make_unique<VertexTool>(*this, *canvas);
  mSplitTool = std::make_unique<SplitTool>(*this, *canvas);

  mNotice = new ActionNotice(*mProject, window->statusBar(), canvas);

  mUserLabel = new QLabel(window);
  mUserLabel->setObjectName(QStringLiteral("currentUser"));
  window->statusBar()->addPermanentWidget(mUserLabel);

  mMarkingDock = new QDockWidget(tr("Marking"), window);
  mMarkingDock->setObjectName(QStringLiteral("MarkingDock"));
  mHistoryDock = new QDockWidget(tr("History"), window);
  mHistoryDock->setObjectName(QStringLiteral("HistoryDock"));
  for (QDockWidget *d : {mMarkingDock, mHistoryDock}) {
    d->setWidget(new QLabel(tr("Open a project"), d));
    window->addDockWidget(Qt::RightDockWidgetArea, d);
  }
  window->tabifyDockWidget(mMarkingDock, mHistoryDock);
  mMarkingDock->raise();

  createActions();
  connect(window->project(), &core::Project::projectClosing, this, &FieldController::onProjectClosing);
  connect(window->project(), &core::Project::projectOpened, this, &FieldController::onProjectOpened);
  connect(canvas, &MapCanvas::selectionChanged, this,
          [this](const std::vector<layers::MapHit> &hits, const gis::Point &) { onSelection(hits); });
  // A search result is selected by the window without a canvas signal: follow it too.
  connect(
      window->searchDock(), &SearchDock::featureActivated, this, [this] { onSelection({}); },
      Qt::QueuedConnection);
  connect(window->project(), &core::Project::mapReloaded, this, [this] {
    mVertexTool->refresh();
    mWindow->canvas()->update();
  });
  updateActions();
}

FieldController::~FieldController()
{
  // The canvas may outlive this (children are deleted in order): leave nothing of ours in it.
  if (MapCanvas *canvas = mCanvas.data()) {
    if (canvas->customTool()) canvas->setTool(MapCanvas::Tool::Pan);
    for (MapOverlay *o :
         {static_cast<MapOverlay *>(mPreview.get()), static_cast<MapOverlay *>(mPinOverlay.get()),
          mMarkTool->overlay(), mAddTool->overlay(), mMoveTool->overlay(), mVertexTool->overlay()})
      canvas->removeOverlay(o);
  }
}

void FieldController::createActions()
{
  QMenu *edit = mWindow->editMenu();
  mUndo = mProject->undoStack()->createUndoAction(this, tr("&Undo"));
  mUndo->setShortcut(QKeySequence::Undo);
  mRedo = mProject->undoStack()->createRedoAction(this, tr("&Redo"));
  mRedo->setShortcut(QKeySequence::Redo);
  edit->addAction(mUndo);
  edit->addAction(mRedo);
  edit->addSeparator();

  QToolBar *bar = mWindow->mapToolBar();
  bar->addSeparator();
  auto tool = [&](const QString &text, const QKeySequence &key, MapTool *t) {
    QAction *a = new QAction(text, this);
    a->setShortcut(key);
    a->setCheckable(true);
    mWindow->toolGroup()->addAction(a);
    bar->addAction(a);
    connect(a, &QAction::triggered, this, [this, t] {
      mWindow->canvas()->setCustomTool(t);
      if (t == mVertexTool.get()) mVertexTool->refresh();
      if (t == mMarkTool.get()) mMarkTool->reset();
    });
    return a;
  };
  mMarkStretch = tool(tr("Mark stretch"), QKeySequence(tr("M")), mMarkTool.get());
  mMarkStretch->setToolTip(
      tr("Two clicks on the selected river set the start and the end of the stretch done"));
  edit->addAction(mMarkStretch);
  edit->addSeparator();
  mAddFeature = tool(tr("Add feature"), QKeySequence(tr("A")), mAddTool.get());
  mAddFeature->setToolTip(tr("Add to the current layer: click a point; click the points of a line or polygon "
                             "and double-click to finish"));
  mMoveFeature = tool(tr("Move feature"), QKeySequence(tr("Shift+M")), mMoveTool.get());
  mMoveFeature->setToolTip(tr("Drag a feature to move it"));
  mVertex = tool(tr("Edit vertices"), QKeySequence(tr("V")), mVertexTool.get());
  mVertex->setToolTip(tr("Drag a vertex of the selected feature; it snaps to vertices and edges nearby. "
                         "Double-click an edge to add a vertex, a vertex to remove it"));
  mSplit = tool(tr("Split line"), QKeySequence(tr("Shift+S")), mSplitTool.get());
  mSplit->setToolTip(tr("Click on a river to split it there"));
  for (QAction *a : {mAddFeature, mMoveFeature, mVertex, mSplit})
    edit->addAction(a);
  mDelete = edit->addAction(tr("&Delete selected features"), this, &FieldController::deleteSelected);
  mDelete->setShortcut(QKeySequence::Delete);
  mDelete->setIconText(tr("Delete")); // the tool bar's shorter label
  mAttributes = edit->addAction(tr("Edit &attributes…"), this, &FieldController::editAttributes);
  bar->addAction(mDelete);

  QMenu *project = mWindow->projectMenu();
  mSwitchUser = project->addAction(tr("Switch &user…"), this, &FieldController::askUser);
  mImportTrack = project->addAction(tr("Import &GPS track…"), this, [this] {
    const QString path =
        files::openFile(mWindow, tr("Import GPS track"), QFileInfo(mProject->path()).absolutePath(),
                        tr("GPS tracks (*.gpx *.geojson *.kml *.shp *.gpkg);;All files (*)"));
    if (!path.isEmpty()) importTrack(path);
  });

  QMenu *view = mWindow->viewMenu();
  view->addAction(mMarkingDock->toggleViewAction());
  view->addAction(mHistoryDock->toggleViewAction());
}

// ---- project life

void FieldController::onProjectClosing()
{
  if (mWindow->canvas()->customTool()) mWindow->canvas()->setTool(MapCanvas::Tool::Pan);
  if (!mWindow->toolGroup()->actions().isEmpty()) mWindow->toolGroup()->actions().front()->setChecked(true);
  mProject->undoStack()->clear();
  mPreview->set(0, {});
  mPhotos->clear();
  for (QDockWidget *d : {mMarkingDock, mHistoryDock}) {
    QWidget *old = d->widget();
    d->setWidget(new QLabel(tr("Open a project"), d));
    delete old;
  }
  mPanel = nullptr;
  mHistory = nullptr;
  mTransform->reset();
  updateActions();
}

void FieldController::onProjectOpened()
{
  if (mPanel) onProjectClosing();
  data::Store *store = mProject->mutableStore();
  if (!store || !context()) return;
  connect(context(), &layers::EditContext::featuresChanged, this, &FieldController::onFeaturesChanged);
  connect(context(), &layers::EditContext::commandFailed, this, &FieldController::reportError);

  mPanel = new MarkingPanel(*context(), *undoStack(), mMarkingDock);
  mHistory = new HistoryView(*store, mHistoryDock);
  // The panel scrolls in its dock rather than growing the window past the screen.
  auto *scroll = new QScrollArea(mMarkingDock);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(mPanel);
  for (auto [dock, widget] :
       {std::pair<QDockWidget *, QWidget *>{mMarkingDock, scroll}, {mHistoryDock, mHistory}}) {
    QWidget *old = dock->widget();
    dock->setWidget(widget);
    delete old;
  }
  connect(mPanel, &MarkingPanel::stretchPreviewChanged, this,
          [this](qint64 id, double from, double to) { showStretchPreview(id, from, to); });
  connect(mHistory, &HistoryView::photoActivated, this, [this](const QString &uuid) { showPhoto(uuid); });
  reloadPins();

  // Who is working: PLANMAP_USER, else the user remembered for this project, else ask (never
  // when opened quietly: then the project stays read-only until a user is chosen).
  // A project this program cannot write is only shown: no user, so nothing edits or marks.
  QString name = mProject->isReadOnly() ? QString() : qEnvironmentVariable("PLANMAP_USER");
  if (name.isEmpty() && !mProject->isReadOnly()) {
    QSettings settings;
    name = UserDialog::rememberedUser(settings, mProject->path());
  }
  if (name.isEmpty() || !setUser(name)) {
    setUser(QString());
    if (!mWindow->openedQuietly() && !mProject->isReadOnly() && qEnvironmentVariableIsEmpty("PLANMAP_USER"))
      askUser();
  }
  updateActions();
}

bool FieldController::setUser(const QString &name)
{
  const data::Store *store = mProject->store();
  std::optional<data::User> user;
  if (!name.isEmpty()) {
    if (!store) return false;
    if (mProject->isReadOnly()) {
      reportError(tr("%1 cannot be written (a read-only file or folder); it is shown, not changed")
                      .arg(mProject->path()));
      return false;
    }
    user = store->user(name.toStdString());
    if (!user) {
      reportError(tr("%1 is not a user of this project").arg(name));
      return false;
    }
  }
  mProject->setUser(user ? user->name : std::string());
  mUserLabel->setText(user ? UserDialog::describe(*user) : tr("no user (read only)"));
  if (mPanel) mPanel->setFeature(mPanel->featureId());
  updateActions();
  emit userChanged();
  return true;
}

void FieldController::askUser()
{
  const data::Store *store = mProject->store();
  if (!store) return;
  auto *settings = new QSettings(this);
  auto *dialog = new UserDialog(*store, mProject->path(), *settings, mWindow);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QObject::destroyed, settings, &QObject::deleteLater);
  if (currentUser()) dialog->selectUser(q(currentUser()->name));
  const QString path = mProject->path();
  connect(dialog, &QDialog::accepted, this, [this, dialog, path] {
    if (mProject->path() != path) return; // another project opened meanwhile
    if (const auto u = dialog->selectedUser()) setUser(q(u->name));
  });
  dialog->open();
}

void FieldController::updateActions()
{
  const bool open = context() != nullptr;
  const bool planner = open && isPlanner();
  const std::optional<data::User> &user = mProject->user();
  const bool marker = open && user && user->role != data::Role::Leader;
  const bool selected = !mWindow->canvas()->selection().empty();
  mMarkStretch->setEnabled(marker);
  for (QAction *a : {mAddFeature, mMoveFeature, mVertex, mSplit})
    a->setEnabled(planner);
  mDelete->setEnabled(planner && selected);
  mAttributes->setEnabled(open && mWindow->canvas()->selection().size() == 1);
  mImportTrack->setEnabled(marker);
  mSwitchUser->setEnabled(open && !mProject->isReadOnly());
  // A tool that is no longer allowed goes back to panning.
  if (MapTool *t = mWindow->canvas()->customTool()) {
    const bool allowed = t == mMarkTool.get() ? marker : planner;
    if (!allowed) {
      mWindow->canvas()->setTool(MapCanvas::Tool::Pan);
      if (!mWindow->toolGroup()->actions().isEmpty())
        mWindow->toolGroup()->actions().front()->setChecked(true);
    }
  }
}

// ---- selection and changes

void FieldController::onSelection(const std::vector<layers::MapHit> &)
{
  const auto f = selectedFeature();
  const std::optional<std::int64_t> id = f ? std::optional(f->id) : std::nullopt;
  if (mPanel && mPanel->featureId() != id) {
    mPanel->setFeature(id);
    mMarkTool->reset();
    if (!f || f->geometry.type() != gis::Geometry::Type::LineString) mPreview->set(0, {});
  }
  if (mHistory && mHistory->featureId() != id) mHistory->setFeature(id);
  mVertexTool->refresh();
  updateActions();
  mWindow->canvas()->update();
}

void FieldController::onFeaturesChanged()
{
  mProject->reloadMap();
  if (mHistory) mHistory->reload();
  reloadPins();
  // The preview follows the (maybe changed) river.
  if (mPreview->featureId() && mPanel && mPanel->featureId() == mPreview->featureId())
    showStretchPreview(mPreview->featureId(), mPanel->stretchFrom(), mPanel->stretchTo());
  else if (mPreview->featureId() && mProject->store() && !mProject->store()->feature(mPreview->featureId()))
    mPreview->set(0, {});
  mVertexTool->refresh();
  updateActions();
}

bool FieldController::push(QUndoCommand *command)
{
  return mProject->push(command);
}

std::optional<data::User> FieldController::currentUser() const
{
  return mProject->user();
}

bool FieldController::isPlanner() const
{
  return mProject->isPlanner();
}

bool FieldController::isBusy() const
{
  return mPhotos->isBusy();
}

QUndoStack *FieldController::undoStack() const
{
  return mProject->undoStack();
}

layers::EditContext *FieldController::context() const
{
  return mProject->editContext();
}

void FieldController::reportError(const QString &message)
{
  mLastError = message;
  emit errorReported(message);
  if (!mWindow->openedQuietly()) QMessageBox::warning(mWindow, tr("PlanMap"), message);
}

std::optional<data::Feature> FieldController::selectedFeature() const
{
  const auto &ids = mWindow->canvas()->selection();
  if (ids.size() != 1 || !mProject->store()) return std::nullopt;
  return mProject->store()->feature(*ids.begin());
}

std::string FieldController::currentLayerId() const
{
  std::string id = mWindow->layerTree()->currentLayerId();
  if (id.empty())
    if (const auto f = selectedFeature()) id = f->layerId;
  return id;
}

// ---- coordinates

gis::Point FieldController::toMap(const gis::Point &lonLat) const
{
  return mTransform->toMap(lonLat);
}

gis::Point FieldController::toLonLat(const gis::Point &map) const
{
  return mTransform->toLonLat(map);
}

gis::Geometry FieldController::toMap(const gis::Geometry &lonLat) const
{
  return mTransform->toMap(lonLat);
}

gis::Geometry FieldController::toLonLat(const gis::Geometry &map) const
{
  return mTransform->toLonLat(map);
}

gis::Point FieldController::snap(const gis::Point &map, double pixels, std::int64_t exclude,
                                 bool *snapped) const
{
  return mSnapper->snap(map, pixels, exclude, snapped);
}

void FieldController::showStretchPreview(std::int64_t featureId, double fromM, double toM)
{
  const data::Store *store = mProject->store();
  const auto f = store ? store->feature(featureId) : std::nullopt;
  if (!f || f->geometry.type() != gis::Geometry::Type::LineString || !(toM > fromM)) {
    mPreview->set(0, {});
  } else {
    const gis::LinearRef ref(f->geometry.asLineString());
    std::vector<gis::Point> path = ref.subLine(fromM, toM);
    for (gis::Point &p : path)
      p = toMap(p);
    mPreview->set(featureId, std::move(path));
  }
  mWindow->canvas()->update();
}

// ---- editing

bool FieldController::addFeature(const std::string &layerId, const gis::Geometry &lonLat)
{
  const data::Store *store = mProject->store();
  const auto layer = store ? store->layer(layerId) : std::nullopt;
  if (!layer || !context()) return false;
  data::Feature f;
  f.layerId = layerId;
  f.geometry = lonLat;
  FeatureFormDialog dialog(
      *layer, f, tr("New feature in %1").arg(q(layer->nameZh.empty() ? layer->nameEn : layer->nameZh)),
      mWindow);
  if (dialog.exec() != QDialog::Accepted) return false;
  f.name = dialog.form()->name().trimmed().toStdString();
  f.attributes = dialog.form()->attributes();
  return push(new layers::AddFeatureCommand(*context(), f));
}

void FieldController::deleteSelected()
{
  if (!context()) return;
  const std::set<std::int64_t> ids = mWindow->canvas()->selection();
  if (ids.empty()) return;
  if (ids.size() == 1) {
    push(new layers::DeleteFeatureCommand(*context(), *ids.begin()));
    return;
  }
  // Several features go in one undo step.
  mProject->undoStack()->beginMacro(tr("Delete %n feature(s)", nullptr, static_cast<int>(ids.size())));
  for (std::int64_t id : ids)
    mProject->undoStack()->push(new layers::DeleteFeatureCommand(*context(), id));
  mProject->undoStack()->endMacro();
}

void FieldController::editAttributes()
{
  const auto f = selectedFeature();
  const data::Store *store = mProject->store();
  if (!f || !store || !context()) return;
  const auto layer = store->layer(f->layerId);
  if (!layer) return;
  FeatureFormDialog dialog(*layer, *f, tr("Attributes of %1").arg(q(f->name.empty() ? f->code : f->name)),
                           mWindow);
  dialog.form()->setReadOnly(!isPlanner());
  if (dialog.exec() != QDialog::Accepted || !isPlanner()) return;
  push(new layers::ChangeAttributesCommand(*context(), f->id, dialog.form()->name().trimmed().toStdString(),
                                           dialog.form()->attributes()));
}

// ---- GPS tracks

void FieldController::importTrack(const QString &path)
{
  const data::Store *store = mProject->store();
  if (!store || !context()) return;
  std::vector<layers::ProposedStretch> proposals;
  std::string trackDate;
  try {
    std::vector<data::Feature> lines;
    for (const data::LayerDef &layer : store->layers())
      if (layer.tracked && layer.geometryType == "LineString")
        for (data::Feature &f : store->features(layer.id))
          lines.push_back(std::move(f));
    proposals =
        layers::TrackMatcher(lines, layers::TrackOptions{}).match(layers::readTrack(path.toStdString()));
    trackDate = layers::readTrackDate(path.toStdString());
  } catch (const std::exception &e) {
    reportError(QString::fromUtf8(e.what()));
    return;
  }
  if (proposals.empty()) {
    reportError(tr("The track %1 follows no river closely enough").arg(QFileInfo(path).fileName()));
    return;
  }
  TrackReviewDialog dialog(proposals, mWindow);
  dialog.setObjectName(QStringLiteral("TrackReviewDialog"));
  // The walk was done the day of its last point, not the day it is imported.
  const QDate walked = QDate::fromString(q(trackDate), Qt::ISODate);
  if (walked.isValid()) dialog.setDate(walked);
  connect(&dialog, &TrackReviewDialog::proposalHighlighted, this,
          [this](qint64 id, double from, double to) { showStretchPreview(id, from, to); });
  const int result = dialog.exec();
  mPreview->set(0, {});
  mWindow->canvas()->update();
  if (result != QDialog::Accepted) return;
  auto *command = dialog.command(*context());
  if (command && push(command)) zoomToStretches(dialog.accepted());
}

void FieldController::zoomToStretches(const std::vector<layers::ProposedStretch> &stretches)
{
  const data::Store *store = mProject->store();
  gis::Envelope box;
  for (const layers::ProposedStretch &s : stretches)
    if (const auto f = store ? store->feature(s.featureId) : std::nullopt;
        f && f->geometry.type() == gis::Geometry::Type::LineString)
      for (const gis::Point &p : gis::LinearRef(f->geometry.asLineString()).subLine(s.fromM, s.toM))
        box.expand(toMap(p));
  if (box.isNull()) return;
  // A margin around them, so their ends are not on the window's edge.
  const double margin = 0.1 * std::max(box.width(), box.height()) + 20;
  mWindow->canvas()->setExtent({box.minX - margin, box.minY - margin, box.maxX + margin, box.maxY + margin});
}

// ---- photos

void FieldController::reloadPins()
{
  mPhotos->reload([this] { mWindow->canvas()->update(); });
}

const std::vector<PhotoPin> &FieldController::photoPins() const
{
  return mPhotos->pins();
}

QDialog *FieldController::showPhoto(const QString &attachmentUuid)
{
  return mPhotos->show(attachmentUuid, mHistory ? mHistory->featureId() : std::nullopt);
}

} // namespace app
