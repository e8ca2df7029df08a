#pragma once

#include "app/core/TaskRunner.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRendererPool.h"
#include "layers/render/MapSettings.h"

#include <QCursor>
#include <QElapsedTimer>
#include <QImage>
#include <QPoint>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QPainter;

namespace app {

// Something drawn over the map image in screen pixels: stretch previews, photo pins, edit rubber
// bands, vertex handles. `view` is the canvas's current view (its size is the widget's). An overlay
// may also take a click (no drag) before the canvas selects: return true when it used it.
class MapOverlay
{
public:
  virtual ~MapOverlay() = default;
  virtual void paint(QPainter &painter, const layers::MapSettings &view) = 0;
  virtual bool click(const QPointF &pixel, const layers::MapSettings &view)
  {
    (void)pixel;
    (void)view;
    return false;
  }
};

// A mouse event of a custom tool, in map units (the MapData's projected CRS) and in pixels.
struct MapToolEvent
{
  gis::Point map;
  QPointF pixel;
  Qt::MouseButton button = Qt::NoButton;
  Qt::MouseButtons buttons;
  Qt::KeyboardModifiers modifiers;
};

// A map tool provided from outside the canvas (marking, editing). The canvas sends it the left
// button: press() returns whether the tool takes the whole gesture (then move/release follow);
// otherwise a drag pans the map and a press-release without drag is a click(). move() also comes
// while no button is down (hover) for rubber bands.
class MapTool
{
public:
  virtual ~MapTool() = default;
  virtual bool press(const MapToolEvent &e)
  {
    (void)e;
    return false;
  }
  virtual void move(const MapToolEvent &e) { (void)e; }
  virtual void release(const MapToolEvent &e) { (void)e; }
  virtual void click(const MapToolEvent &e) { (void)e; }
  virtual void doubleClick(const MapToolEvent &e) { (void)e; }
  // Escape: drop what is half done; return false to let the canvas clear the selection.
  virtual bool cancel() { return false; }
  // The tool is no longer the canvas's tool.
  virtual void deactivated() {}
  virtual QCursor cursor() const { return Qt::CrossCursor; }
};

// The map widget. It keeps the view (a MapSettings) and shows the last rendered image; each view
// change schedules a render job on a worker from a snapshot of the settings and raises the cancel
// flag of the job before it. While a job runs (or during a drag) the last image is drawn moved and
// scaled to the current view, so panning and zooming never wait for rendering.
class MapCanvas : public QWidget
{
  Q_OBJECT
public:
  enum class Tool { Pan, ZoomBox, Select, Custom };

  explicit MapCanvas(QWidget *parent = nullptr);
  ~MapCanvas() override;

  void setMapData(std::shared_ptr<const layers::MapData> data);
  std::shared_ptr<const layers::MapData> mapData() const { return mData; }
  const layers::MapSettings &settings() const { return mSettings; }
  // Replaces view options (theme, labels, layer styles, order); keeps extent and size.
  void setViewOptions(const layers::MapSettings &options);

  void setExtent(const gis::Envelope &extent);
  gis::Envelope extent() const { return mSettings.visibleExtent(); }
  void zoomToFullExtent();
  void zoomToLayer(const std::string &layerId);
  void zoomToSelection();
  void zoomToFeature(std::int64_t id);
  void zoomBy(double factor, const QPointF &aboutPixel); // factor > 1 zooms in
  void zoomIn() { zoomBy(2, rect().center()); }
  void zoomOut() { zoomBy(0.5, rect().center()); }
  void panByPixels(const QPointF &delta);
  void setScale(double scale);
  double scale() const { return mSettings.scale(); }

  // Pan, ZoomBox or Select; leaves a custom tool.
  void setTool(Tool tool);
  Tool tool() const { return mTool; }
  // Makes `tool` (not owned; nullptr = Pan) the canvas's tool: Tool::Custom.
  void setCustomTool(MapTool *tool);
  MapTool *customTool() const { return mCustomTool; }
  // Overlays are drawn in the order added, over the map and the selection (not owned).
  void addOverlay(MapOverlay *overlay);
  void removeOverlay(MapOverlay *overlay);
  const std::vector<MapOverlay *> &overlays() const { return mOverlays; }
  // The view with the widget's size: what overlays and tools convert with.
  layers::MapSettings view() const;
  // Selects the topmost feature under a pixel (what a click does with the Select or Pan tool).
  void selectAt(const QPointF &pixel);
  void setSelection(const std::set<std::int64_t> &ids);
  const std::set<std::int64_t> &selection() const { return mSettings.selection; }
  gis::Point toMap(const QPointF &pixel) const { return mSettings.toMap(pixel); }

  bool isRendering() const { return mTasks.isBusy(mRenderLane) || mRefreshTimer.isActive(); }
  const QImage &renderedImage() const { return mImage; }
  double lastRenderMs() const { return mLastRenderMs; }
  std::vector<std::string> visibleLayerIds() const;

signals:
  void extentChanged();
  void renderFinished(double milliseconds);
  void cursorMoved(const gis::Point &mapPoint);
  // A click (empty when nothing was under it) or a box selection.
  void selectionChanged(const std::vector<layers::MapHit> &hits, const gis::Point &mapPoint);

public slots:
  void refresh();

protected:
  void paintEvent(QPaintEvent *event) override;
  void resizeEvent(QResizeEvent *event) override;
  void wheelEvent(QWheelEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  void mouseDoubleClickEvent(QMouseEvent *event) override;
  void keyPressEvent(QKeyEvent *event) override;
  bool event(QEvent *event) override;

private:
  void startRender();
  void viewChanged();
  MapToolEvent toolEvent(const QMouseEvent *event) const;
  void selectBox(const QRectF &pixels);
  QRectF dragRect() const { return QRectF(mPressPos, mDragPos).normalized(); }

  std::shared_ptr<const layers::MapData> mData;
  layers::MapSettings mSettings;
  QImage mImage;
  layers::MapSettings mImageSettings; // the view mImage was rendered for
  // Render jobs; their layers go to the global pool. Two threads: a new job can start while a
  // cancelled one is still winding down.
  core::TaskRunner mTasks;
  core::TaskRunner::Lane mRenderLane =
      mTasks.addLane(QStringLiteral("render"), core::TaskRunner::Policy::LatestWins, 2);
  std::shared_ptr<layers::FrameImagePool> mImagePool =
      std::make_shared<layers::FrameImagePool>(); // jobs' frames
  QTimer mRefreshTimer;
  std::shared_ptr<std::atomic_bool> mCancel;
  double mLastRenderMs = 0;
  Tool mTool = Tool::Pan;
  MapTool *mCustomTool = nullptr;
  bool mToolGesture = false; // the custom tool took the current press
  bool mSkipRelease = false; // the release after a double click
  std::vector<MapOverlay *> mOverlays;
  bool mPressed = false;
  bool mDragging = false;
  bool mBoxZoom = false;
  QPointF mPressPos, mDragPos;
  layers::MapSettings mPressSettings;
};

} // namespace app
