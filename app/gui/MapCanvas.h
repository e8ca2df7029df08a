#pragma once

#include "layers/MapData.h"
#include "layers/MapSettings.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPoint>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>

namespace app {

// The map widget. It keeps the view (a MapSettings) and shows the last rendered image; each view
// change schedules a render job on a worker from a snapshot of the settings and raises the cancel
// flag of the job before it. While a job runs (or during a drag) the last image is drawn moved and
// scaled to the current view, so panning and zooming never wait for rendering.
class MapCanvas : public QWidget
{
  Q_OBJECT
public:
  enum class Tool { Pan, ZoomBox, Select };

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

  void setTool(Tool tool) { mTool = tool; }
  Tool tool() const { return mTool; }
  void setSelection(const std::set<std::int64_t> &ids);
  const std::set<std::int64_t> &selection() const { return mSettings.selection; }
  gis::Point toMap(const QPointF &pixel) const { return mSettings.toMap(pixel); }

  bool isRendering() const { return mJobsRunning > 0 || mRefreshTimer.isActive(); }
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
  void keyPressEvent(QKeyEvent *event) override;
  bool event(QEvent *event) override;

private:
  void startRender();
  void viewChanged();
  void selectAt(const QPointF &pixel);
  void selectBox(const QRectF &pixels);
  QRectF dragRect() const { return QRectF(mPressPos, mDragPos).normalized(); }

  std::shared_ptr<const layers::MapData> mData;
  layers::MapSettings mSettings;
  QImage mImage;
  layers::MapSettings mImageSettings; // the view mImage was rendered for
  QThreadPool mPool;                  // runs render jobs; their layers go to the global pool
  QTimer mRefreshTimer;
  std::shared_ptr<std::atomic_bool> mCancel;
  quint64 mJobId = 0;
  int mJobsRunning = 0;
  double mLastRenderMs = 0;
  Tool mTool = Tool::Pan;
  bool mPressed = false;
  bool mDragging = false;
  bool mBoxZoom = false;
  QPointF mPressPos, mDragPos;
  layers::MapSettings mPressSettings;
};

} // namespace app
