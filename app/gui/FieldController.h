#pragma once

#include "app/gui/PhotoPins.h"
#include "data/store/Model.h"
#include "gis/Geometry.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QDialog;
class QDockWidget;
class QLabel;
class QUndoCommand;
class QUndoStack;

namespace core {
class Project;
}

namespace layers {
class EditContext;
struct ProposedStretch;
struct MapHit;
} // namespace layers

namespace app {

class ActionNotice;
class HistoryView;
class LonLatTransform;
class Snapper;
class MainWindow;
class MarkingPanel;
class MapCanvas;
class MapTool;
class StretchPreviewOverlay;
class PhotoPinOverlay;
class EditOverlay;
class MarkStretchTool;
class AddFeatureTool;
class MoveFeatureTool;
class VertexTool;
class SplitTool;

// The main window's part for marking, editing, users, photos, GPS tracks, undo/redo: it adds its
// docks and actions to the window and follows MainWindow::projectOpened().
class FieldController : public QObject
{
  Q_OBJECT
public:
  explicit FieldController(MainWindow *window);
  ~FieldController() override;

  MainWindow *window() const { return mWindow; }

  // ---- who is working
  // Makes `name` the current user (must be one of the project's users); "" = nobody (read only).
  bool setUser(const QString &name);
  std::optional<data::User> currentUser() const;
  bool isPlanner() const;
  QLabel *userLabel() const { return mUserLabel; }
  // Asks with UserDialog (window-modal, not blocking).
  void askUser();

  // ---- commands
  QUndoStack *undoStack() const;
  layers::EditContext *context() const;
  // Pushes a command on the project's stack; false when the store refused it (see lastError()).
  bool push(QUndoCommand *command);
  // The last refusal or problem reported to the user (also when no message box was shown).
  QString lastError() const { return mLastError; }

  // ---- docks and actions
  MarkingPanel *markingPanel() const { return mPanel; }
  HistoryView *historyView() const { return mHistory; }
  QDockWidget *markingDock() const { return mMarkingDock; }
  QDockWidget *historyDock() const { return mHistoryDock; }
  QAction *undoAction() const { return mUndo; }
  QAction *redoAction() const { return mRedo; }
  QAction *markStretchAction() const { return mMarkStretch; }
  QAction *addFeatureAction() const { return mAddFeature; }
  QAction *moveFeatureAction() const { return mMoveFeature; }
  QAction *vertexAction() const { return mVertex; }
  QAction *splitAction() const { return mSplit; }
  QAction *deleteAction() const { return mDelete; }
  QAction *attributesAction() const { return mAttributes; }
  QAction *importTrackAction() const { return mImportTrack; }
  QAction *switchUserAction() const { return mSwitchUser; }
  MarkStretchTool *markTool() const { return mMarkTool.get(); }
  // What was recorded or undone last, said in the status bar and over the map.
  ActionNotice *notice() const { return mNotice; }

  // ---- editing (planners; the store refuses the others)
  void deleteSelected();
  void editAttributes();
  // The layer new features go to: the layer tree's current layer.
  std::string currentLayerId() const;
  // Asks for the attributes of a new feature of `layer` with the given lon/lat geometry and adds it.
  bool addFeature(const std::string &layerId, const gis::Geometry &lonLat);

  // ---- GPS tracks
  // Reads a track, proposes stretches and shows them for review; pushes what the user accepts.
  void importTrack(const QString &path);

  // ---- photos
  const std::vector<PhotoPin> &photoPins() const;
  // True while the photo pins are read on a worker (after an open or a write).
  bool isBusy() const;
  // Opens a photo full size (non-modal); returns the dialog, nullptr when the photo is unknown.
  QDialog *showPhoto(const QString &attachmentUuid);

  // ---- helpers for the tools: lon/lat (store) <-> map units (MapData's projected CRS)
  gis::Point toMap(const gis::Point &lonLat) const;
  gis::Point toLonLat(const gis::Point &map) const;
  gis::Geometry toMap(const gis::Geometry &lonLat) const;
  gis::Geometry toLonLat(const gis::Geometry &map) const;
  // The one selected feature, if exactly one is selected.
  std::optional<data::Feature> selectedFeature() const;
  // Snaps a map point to a vertex (first) or an edge of any visible feature within `pixels`, not of
  // feature `exclude`; returns the point unchanged when nothing is near.
  gis::Point snap(const gis::Point &map, double pixels, std::int64_t exclude = 0,
                  bool *snapped = nullptr) const;
  void reportError(const QString &message);
  void showStretchPreview(std::int64_t featureId, double fromM, double toM);

signals:
  // The current user changed (nullopt = nobody).
  void userChanged();
  // A refused command or another problem the user was told about.
  void errorReported(const QString &message);
  void photoShown(const QString &attachmentUuid);

private:
  void createActions();
  void onProjectOpened();
  void onProjectClosing();
  void onSelection(const std::vector<layers::MapHit> &hits);
  void onFeaturesChanged();
  void updateActions();
  void reloadPins();
  void setToolFor(QAction *action, MapTool *tool);
  // Shows the stretches a GPS import marked.
  void zoomToStretches(const std::vector<layers::ProposedStretch> &stretches);

  MainWindow *mWindow;
  QPointer<MapCanvas> mCanvas; // may go before this when the window closes
  core::Project *mProject;     // the stack, the edit context and the current user are the project's
  std::unique_ptr<LonLatTransform> mTransform;
  std::unique_ptr<Snapper> mSnapper;
  PhotoPins *mPhotos; // a child of the window
  QString mLastError;

  ActionNotice *mNotice = nullptr;
  QLabel *mUserLabel = nullptr;
  QDockWidget *mMarkingDock = nullptr;
  QDockWidget *mHistoryDock = nullptr;
  MarkingPanel *mPanel = nullptr;
  HistoryView *mHistory = nullptr;

  QAction *mUndo = nullptr;
  QAction *mRedo = nullptr;
  QAction *mMarkStretch = nullptr;
  QAction *mAddFeature = nullptr;
  QAction *mMoveFeature = nullptr;
  QAction *mVertex = nullptr;
  QAction *mSplit = nullptr;
  QAction *mDelete = nullptr;
  QAction *mAttributes = nullptr;
  QAction *mImportTrack = nullptr;
  QAction *mSwitchUser = nullptr;

  std::unique_ptr<StretchPreviewOverlay> mPreview;
  std::unique_ptr<PhotoPinOverlay> mPinOverlay;
  std::unique_ptr<MarkStretchTool> mMarkTool;
  std::unique_ptr<AddFeatureTool> mAddTool;
  std::unique_ptr<MoveFeatureTool> mMoveTool;
  std::unique_ptr<VertexTool> mVertexTool;
  std::unique_ptr<SplitTool> mSplitTool;
};

} // namespace app
